module wasip1web/gallery

go 1.27.3
