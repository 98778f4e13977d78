module wasip1web/guests

go 1.27.3
