# Files under the /sandbox preopen: create, append, read, list, stat, rename, directories,
# remove, and the errors a missing file or a non-empty directory give.
import errno, os
os.chdir("/sandbox")
with open("a.txt", "w") as f:
    f.write("first line\n")
with open("a.txt", "a") as f:
    f.write("second line\n")
print(open("a.txt").read().splitlines())
os.makedirs("d/e/f")
with open("d/e/f/deep.bin", "wb") as f:
    f.write(bytes(range(256)) * 4)
print(sorted(os.listdir(".")), sorted(os.listdir("d/e")))
st = os.stat("d/e/f/deep.bin")
print("size", st.st_size, "isfile", os.path.isfile("d/e/f/deep.bin"), "isdir", os.path.isdir("d/e"))
os.rename("a.txt", "d/b.txt")
print(os.path.exists("a.txt"), open("d/b.txt").read().count("line"))
for name, call in [("open missing", lambda: open("nope.txt")), ("rmdir non-empty", lambda: os.rmdir("d"))]:
    try:
        call()
    except OSError as e:
        print(name, "->", errno.errorcode[e.errno])
for root, dirs, files in os.walk("."):
    print(root, sorted(dirs), sorted(files))
os.remove("d/e/f/deep.bin")
os.removedirs("d/e/f")
print(sorted(os.listdir(".")))
