// Command fs exercises the filesystem through Go's os package (GOOS=wasip1) on the
// /sandbox preopen: WriteFile/ReadFile, Stat/Lstat, ReadDir, MkdirAll, Rename, Remove,
// RemoveAll, Symlink, Readlink, Link, Truncate, OpenFile with O_APPEND, Seek, Chdir and
// relative paths, and paths that leave the preopen. Works on an empty /sandbox; prints one
// line per call: "<op> <args>: ok[ <result>]" or "<op> <args>: err=<errno name>" where the
// name comes from the syscall.Errno inside the *PathError/*LinkError (or the message when
// there is none).
package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"syscall"
)

func errName(err error) string {
	var e syscall.Errno
	if errors.As(err, &e) {
		names := map[syscall.Errno]string{
			syscall.EACCES: "EACCES", syscall.EBADF: "EBADF", syscall.EBUSY: "EBUSY",
			syscall.EEXIST: "EEXIST", syscall.EINVAL: "EINVAL", syscall.EISDIR: "EISDIR",
			syscall.ELOOP: "ELOOP", syscall.ENOENT: "ENOENT", syscall.ENOTCAPABLE: "ENOTCAPABLE",
			syscall.ENOTDIR: "ENOTDIR", syscall.ENOTEMPTY: "ENOTEMPTY", syscall.ENOTSUP: "ENOTSUP",
			syscall.EPERM: "EPERM", syscall.EXDEV: "EXDEV", syscall.EILSEQ: "EILSEQ",
		}
		if n, ok := names[e]; ok {
			return n
		}
		return "errno " + strconv.Itoa(int(e))
	}
	return strconv.Quote(err.Error())
}

func show(label string, result string, err error) {
	switch {
	case err != nil:
		fmt.Printf("%s: err=%s\n", label, errName(err))
	case result == "":
		fmt.Printf("%s: ok\n", label)
	default:
		fmt.Printf("%s: ok %s\n", label, result)
	}
}

func do(label string, err error) { show(label, "", err) }

func kind(m os.FileMode) string {
	switch {
	case m.IsDir():
		return "dir"
	case m&os.ModeSymlink != 0:
		return "symlink"
	case m.IsRegular():
		return "file"
	}
	return "other"
}

func stat(p string) {
	fi, err := os.Stat(p)
	if err == nil && !fi.IsDir() {
		show("Stat "+p, fmt.Sprintf("%s size=%d name=%s", kind(fi.Mode()), fi.Size(), fi.Name()), nil)
	} else if err == nil {
		show("Stat "+p, fmt.Sprintf("%s name=%s", kind(fi.Mode()), fi.Name()), nil)
	} else {
		show("Stat "+p, "", err)
	}
}

func lstat(p string) {
	fi, err := os.Lstat(p)
	if err == nil {
		show("Lstat "+p, kind(fi.Mode()), nil)
	} else {
		show("Lstat "+p, "", err)
	}
}

func read(p string) {
	b, err := os.ReadFile(p)
	show("ReadFile "+p, strconv.Quote(string(b)), err)
}

func readDir(p string) {
	ents, err := os.ReadDir(p) // sorted by name
	var parts []string
	for _, e := range ents {
		s := e.Name()
		switch {
		case e.IsDir():
			s += "/"
		case e.Type()&os.ModeSymlink != 0:
			s += "@"
		}
		parts = append(parts, s)
	}
	show("ReadDir "+p, "["+strings.Join(parts, ",")+"]", err)
}

func main() {
	do("WriteFile /sandbox/a", os.WriteFile("/sandbox/a", []byte("alpha\n"), 0o644))
	read("/sandbox/a")
	stat("/sandbox/a")
	stat("/sandbox")
	stat("/sandbox/missing")
	read("/sandbox/missing")
	read("/sandbox")
	read("/sandbox/a/")
	read("/etc/passwd")
	read("/sandbox/../etc/passwd")
	read("/sandbox/../sandbox/a")
	do("WriteFile /sandbox/../escape", os.WriteFile("/sandbox/../escape", []byte("x"), 0o644))

	// Appending.
	f, err := os.OpenFile("/sandbox/a", os.O_WRONLY|os.O_APPEND, 0)
	show("OpenFile a O_WRONLY|O_APPEND", "", err)
	if err == nil {
		n, err := f.WriteString("beta\n")
		show("WriteString", strconv.Itoa(n), err)
		off, err := f.Seek(0, io.SeekCurrent)
		show("Seek 0 current", strconv.FormatInt(off, 10), err)
		_, err = f.Seek(0, io.SeekStart)
		show("Seek 0 start", "", err)
		n, err = f.WriteString("gamma\n")
		show("WriteString after Seek 0", strconv.Itoa(n), err)
		_, err = f.Read(make([]byte, 4))
		show("Read on O_WRONLY", "", err)
		do("Close", f.Close())
		do("Close again", f.Close())
	}
	read("/sandbox/a")
	f, err = os.OpenFile("/sandbox/a", os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o644)
	show("OpenFile a O_CREATE|O_EXCL", "", err)
	if err == nil {
		f.Close()
	}
	f, err = os.Open("/sandbox/a")
	if err == nil {
		off, err := f.Seek(-6, io.SeekEnd)
		show("Seek -6 end", strconv.FormatInt(off, 10), err)
		b := make([]byte, 100)
		n, err := f.Read(b)
		show("Read", strconv.Quote(string(b[:n])), err)
		n, err = f.Read(b)
		show("Read at EOF", strconv.Itoa(n), err)
		_, err = f.Seek(-100, io.SeekStart)
		show("Seek -100 start", "", err)
		n, err = f.ReadAt(b[:5], 6)
		show("ReadAt 6", strconv.Quote(string(b[:n])), err)
		_, err = f.Write([]byte("x"))
		show("Write on O_RDONLY", "", err)
		do("Close", f.Close())
	}

	// Truncate.
	do("Truncate a 3", os.Truncate("/sandbox/a", 3))
	read("/sandbox/a")
	do("Truncate a 6", os.Truncate("/sandbox/a", 6))
	read("/sandbox/a")
	do("Truncate missing 1", os.Truncate("/sandbox/missing", 1))

	// Directories.
	do("MkdirAll d/e/f", os.MkdirAll("/sandbox/d/e/f", 0o755))
	do("MkdirAll d/e/f (exists)", os.MkdirAll("/sandbox/d/e/f", 0o755))
	do("MkdirAll a/x (a is a file)", os.MkdirAll("/sandbox/a/x", 0o755))
	do("Mkdir d (exists)", os.Mkdir("/sandbox/d", 0o755))
	do("Mkdir x/y (missing parent)", os.Mkdir("/sandbox/x/y", 0o755))
	do("WriteFile d/e/f/file", os.WriteFile("/sandbox/d/e/f/file", []byte("deep"), 0o644))
	readDir("/sandbox")
	readDir("/sandbox/d/e/f")
	readDir("/sandbox/a")
	readDir("/sandbox/missing")
	do("Remove d (not empty)", os.Remove("/sandbox/d"))
	do("Remove missing", os.Remove("/sandbox/missing"))

	// Links.
	do("Symlink a -> /sandbox/la", os.Symlink("a", "/sandbox/la"))
	do("Symlink d/e -> /sandbox/ld", os.Symlink("d/e", "/sandbox/ld"))
	do("Symlink missing -> /sandbox/dangling", os.Symlink("missing", "/sandbox/dangling"))
	do("Symlink /etc -> /sandbox/abs", os.Symlink("/etc", "/sandbox/abs"))
	do("Symlink ../.. -> /sandbox/up", os.Symlink("../..", "/sandbox/up"))
	do("Symlink x -> /sandbox/la (exists)", os.Symlink("x", "/sandbox/la"))
	for _, p := range []string{"la", "ld", "dangling", "up", "a"} {
		t, err := os.Readlink("/sandbox/" + p)
		show("Readlink "+p, strconv.Quote(t), err)
	}
	lstat("/sandbox/la")
	stat("/sandbox/la")
	lstat("/sandbox/dangling")
	stat("/sandbox/dangling")
	stat("/sandbox/up")
	read("/sandbox/la")
	read("/sandbox/ld/f/file")
	readDir("/sandbox/ld")
	do("Link a -> /sandbox/h", os.Link("/sandbox/a", "/sandbox/h"))
	do("Link a -> /sandbox/h (exists)", os.Link("/sandbox/a", "/sandbox/h"))
	do("Link d -> /sandbox/dh (dir)", os.Link("/sandbox/d", "/sandbox/dh"))
	do("Remove a", os.Remove("/sandbox/a"))
	read("/sandbox/h")
	stat("/sandbox/la")

	// Rename.
	do("Rename h -> a", os.Rename("/sandbox/h", "/sandbox/a"))
	do("WriteFile b", os.WriteFile("/sandbox/b", []byte("bee"), 0o644))
	do("Rename b -> a (replace)", os.Rename("/sandbox/b", "/sandbox/a"))
	read("/sandbox/a")
	do("Mkdir empty", os.Mkdir("/sandbox/empty", 0o755))
	do("Mkdir empty2", os.Mkdir("/sandbox/empty2", 0o755))
	do("Rename empty -> empty2 (empty dir)", os.Rename("/sandbox/empty", "/sandbox/empty2"))
	do("Rename empty2 -> d (non-empty dir)", os.Rename("/sandbox/empty2", "/sandbox/d"))
	do("Rename d -> d/e/x (into itself)", os.Rename("/sandbox/d", "/sandbox/d/e/x"))
	do("Rename a -> d (file onto dir)", os.Rename("/sandbox/a", "/sandbox/d"))
	do("Rename empty2 -> a (dir onto file)", os.Rename("/sandbox/empty2", "/sandbox/a"))
	do("Rename a -> ../a (escape)", os.Rename("/sandbox/a", "/sandbox/../a"))
	readDir("/sandbox")

	// Relative paths: the initial cwd is "/".
	wd, err := os.Getwd()
	show("Getwd", wd, err)
	read("sandbox/a")
	do("Chdir /sandbox/d", os.Chdir("/sandbox/d"))
	wd, err = os.Getwd()
	show("Getwd", wd, err)
	readDir(".")
	read("../a")
	read("e/f/file")
	do("Chdir /", os.Chdir("/"))
	read("sandbox/a")

	// RemoveAll.
	do("RemoveAll d", os.RemoveAll("/sandbox/d"))
	do("RemoveAll d (gone)", os.RemoveAll("/sandbox/d"))
	do("RemoveAll ld (symlink)", os.RemoveAll("/sandbox/ld"))
	readDir("/sandbox")
	do("RemoveAll /sandbox/.. (escape)", os.RemoveAll("/sandbox/.."))
	for _, p := range []string{"a", "la", "dangling", "up", "empty", "empty2"} {
		do("Remove "+p, os.Remove("/sandbox/"+p))
	}
	readDir("/sandbox")
}
