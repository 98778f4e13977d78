// hello: the smallest gallery guest.
process.stdout.write("hello from as\n");
