# An uncaught exception: the traceback on stderr, exit status 1.
def f(x):
    return {"a": 1}[x]
print("before")
f("missing")
