// A file system in memory for Go's js/wasm port, which calls the Node.js
// fs API through globalThis.fs: the workspace's files are written here,
// the scenario loads from here, and a script's open() works on them. Only
// what Go's syscall package calls is here. Install it before wasm_exec.js
// runs, which keeps a globalThis.fs that is already set.

const S_IFDIR = 0o040000;
const S_IFREG = 0o100000;

const C = {
  O_RDONLY: 0, O_WRONLY: 1, O_RDWR: 2, O_CREAT: 0o100, O_EXCL: 0o200,
  O_TRUNC: 0o1000, O_APPEND: 0o2000, O_DIRECTORY: 0o200000,
};

function fsError(code, path) {
  const err = new Error(code + (path ? ": " + path : ""));
  err.code = code;
  return err;
}

// makeFS returns {fs, process}: the objects Go's runtime looks for, with
// stdout and stderr (descriptors 1 and 2) going to write(fd, text).
export function makeFS(write) {
  let inode = 1;
  const node = (dir) => ({
    ino: inode++, mode: dir ? S_IFDIR | 0o755 : S_IFREG | 0o644,
    data: dir ? null : new Uint8Array(0), size: 0,
    entries: dir ? new Map() : null, mtime: Date.now(),
  });
  const root = node(true);
  let cwd = "/";
  const fds = new Map();
  let nextFD = 3;
  const decoder = new TextDecoder();

  const split = (path) => {
    const abs = path.startsWith("/") ? path : cwd.replace(/\/$/, "") + "/" + path;
    const out = [];
    for (const part of abs.split("/")) {
      if (part === "" || part === ".") continue;
      if (part === "..") out.pop(); else out.push(part);
    }
    return out;
  };
  const lookup = (path) => {
    let n = root;
    for (const part of split(path)) {
      if (!n.entries) throw fsError("ENOTDIR", path);
      n = n.entries.get(part);
      if (!n) throw fsError("ENOENT", path);
    }
    return n;
  };
  const parent = (path) => {
    const parts = split(path);
    const name = parts.pop();
    if (name === undefined) throw fsError("EEXIST", path);
    let dir = root;
    for (const part of parts) {
      dir = dir.entries && dir.entries.get(part);
      if (!dir) throw fsError("ENOENT", path);
    }
    if (!dir.entries) throw fsError("ENOTDIR", path);
    return [dir, name];
  };
  const stat = (n) => ({
    dev: 1, ino: n.ino, mode: n.mode, nlink: 1, uid: 0, gid: 0, rdev: 0,
    size: n.entries ? 4096 : n.size, blksize: 4096, blocks: Math.ceil(n.size / 512),
    atimeMs: n.mtime, mtimeMs: n.mtime, ctimeMs: n.mtime,
    isDirectory: () => !!n.entries,
  });
  const file = (fd) => {
    const f = fds.get(fd);
    if (!f) throw fsError("EBADF");
    return f;
  };
  const grow = (n, size) => {
    if (size > n.data.length) {
      const data = new Uint8Array(Math.max(size, n.data.length * 2));
      data.set(n.data.subarray(0, n.size));
      n.data = data;
    }
  };
  // call runs op and reports to a Node-style callback.
  const call = (cb, op) => {
    let result;
    try {
      result = op();
    } catch (err) {
      if (err.code === undefined) throw err;
      cb(err);
      return;
    }
    cb(null, result);
  };
  const fs = {
    constants: C,
    writeSync(fd, buf) {
      if (fd === 1 || fd === 2) {
        write(fd, decoder.decode(buf));
        return buf.length;
      }
      throw fsError("EBADF");
    },
    write(fd, buf, offset, length, position, cb) {
      call(cb, () => {
        if (fd === 1 || fd === 2) {
          write(fd, decoder.decode(buf.subarray(offset, offset + length)));
          return length;
        }
        const f = file(fd);
        if (!f.write) throw fsError("EBADF");
        const n = f.node;
        let at = position === null ? f.pos : position;
        if (f.append) at = n.size;
        grow(n, at + length);
        n.data.set(buf.subarray(offset, offset + length), at);
        n.size = Math.max(n.size, at + length);
        n.mtime = Date.now();
        if (position === null) f.pos = at + length;
        return length;
      });
    },
    read(fd, buf, offset, length, position, cb) {
      call(cb, () => {
        const f = file(fd);
        if (f.node.entries) throw fsError("EISDIR");
        if (!f.read) throw fsError("EBADF");
        const at = position === null ? f.pos : position;
        const n = Math.max(0, Math.min(length, f.node.size - at));
        buf.set(f.node.data.subarray(at, at + n), offset);
        if (position === null) f.pos = at + n;
        return n;
      });
    },
    open(path, flags, mode, cb) {
      call(cb, () => {
        let n;
        try {
          n = lookup(path);
          if ((flags & C.O_CREAT) && (flags & C.O_EXCL)) throw fsError("EEXIST", path);
        } catch (err) {
          if (err.code !== "ENOENT" || !(flags & C.O_CREAT)) throw err;
          const [dir, name] = parent(path);
          n = node(false);
          n.mode = S_IFREG | (mode & 0o777);
          dir.entries.set(name, n);
        }
        const acc = flags & 3;
        if (n.entries && acc !== C.O_RDONLY) throw fsError("EISDIR", path);
        if ((flags & C.O_DIRECTORY) && !n.entries) throw fsError("ENOTDIR", path);
        if ((flags & C.O_TRUNC) && !n.entries && acc !== C.O_RDONLY) n.size = 0;
        const fd = nextFD++;
        fds.set(fd, {
          node: n, pos: 0, read: acc !== C.O_WRONLY, write: acc !== C.O_RDONLY,
          append: !!(flags & C.O_APPEND),
        });
        return fd;
      });
    },
    close(fd, cb) { call(cb, () => { file(fd); fds.delete(fd); }); },
    fstat(fd, cb) { call(cb, () => stat(file(fd).node)); },
    stat(path, cb) { call(cb, () => stat(lookup(path))); },
    lstat(path, cb) { call(cb, () => stat(lookup(path))); },
    readdir(path, cb) {
      call(cb, () => {
        const n = lookup(path);
        if (!n.entries) throw fsError("ENOTDIR", path);
        return [...n.entries.keys()].sort();
      });
    },
    mkdir(path, perm, cb) {
      call(cb, () => {
        const [dir, name] = parent(path);
        if (dir.entries.has(name)) throw fsError("EEXIST", path);
        const n = node(true);
        n.mode = S_IFDIR | (perm & 0o777);
        dir.entries.set(name, n);
      });
    },
    unlink(path, cb) {
      call(cb, () => {
        const [dir, name] = parent(path);
        const n = dir.entries.get(name);
        if (!n) throw fsError("ENOENT", path);
        if (n.entries) throw fsError("EISDIR", path);
        dir.entries.delete(name);
      });
    },
    rmdir(path, cb) {
      call(cb, () => {
        const [dir, name] = parent(path);
        const n = dir.entries.get(name);
        if (!n) throw fsError("ENOENT", path);
        if (!n.entries) throw fsError("ENOTDIR", path);
        if (n.entries.size > 0) throw fsError("ENOTEMPTY", path);
        dir.entries.delete(name);
      });
    },
    rename(from, to, cb) {
      call(cb, () => {
        const [fdir, fname] = parent(from);
        const n = fdir.entries.get(fname);
        if (!n) throw fsError("ENOENT", from);
        const [tdir, tname] = parent(to);
        const old = tdir.entries.get(tname);
        if (old && old.entries && old.entries.size > 0) throw fsError("ENOTEMPTY", to);
        fdir.entries.delete(fname);
        tdir.entries.set(tname, n);
      });
    },
    ftruncate(fd, length, cb) {
      call(cb, () => {
        const n = file(fd).node;
        grow(n, length);
        n.data.fill(0, n.size, length);
        n.size = length;
      });
    },
    truncate(path, length, cb) {
      call(cb, () => {
        const n = lookup(path);
        grow(n, length);
        n.data.fill(0, n.size, length);
        n.size = length;
      });
    },
    fsync(fd, cb) { call(cb, () => { file(fd); }); },
    chmod(path, mode, cb) { call(cb, () => { const n = lookup(path); n.mode = (n.mode & ~0o777) | (mode & 0o777); }); },
    fchmod(fd, mode, cb) { call(cb, () => { const n = file(fd).node; n.mode = (n.mode & ~0o777) | (mode & 0o777); }); },
    chown(path, uid, gid, cb) { call(cb, () => { lookup(path); }); },
    fchown(fd, uid, gid, cb) { call(cb, () => { file(fd); }); },
    lchown(path, uid, gid, cb) { call(cb, () => { lookup(path); }); },
    utimes(path, atime, mtime, cb) { call(cb, () => { lookup(path).mtime = mtime * 1000; }); },
    readlink(path, cb) { call(cb, () => { lookup(path); throw fsError("EINVAL", path); }); },
    link(path, link, cb) { call(cb, () => { throw fsError("EPERM", link); }); },
    symlink(path, link, cb) { call(cb, () => { throw fsError("EPERM", link); }); },
  };
  fs.mkdir("/tmp", 0o1777, () => {});
  const process = {
    getuid: () => 0, getgid: () => 0, geteuid: () => 0, getegid: () => 0,
    getgroups: () => [0], pid: 1, ppid: 0, umask: () => 0o022,
    cwd: () => cwd,
    chdir: (path) => {
      const n = lookup(path);
      if (!n.entries) throw fsError("ENOTDIR", path);
      cwd = "/" + split(path).join("/");
    },
  };
  return { fs, process };
}
