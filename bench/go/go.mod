module benchgo

go 1.27.3
