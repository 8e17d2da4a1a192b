package linux

// open(2)'s flags that every Linux architecture numbers alike (O_DIRECT,
// O_DIRECTORY and O_NOFOLLOW do not: fcntl_linux.go and fcntl_other.go).
const (
	O_RDONLY   = 0x0
	O_WRONLY   = 0x1
	O_RDWR     = 0x2
	O_ACCMODE  = 0x3
	O_CREAT    = 0x40
	O_EXCL     = 0x80
	O_NOCTTY   = 0x100
	O_TRUNC    = 0x200
	O_APPEND   = 0x400
	O_NONBLOCK = 0x800
	O_NDELAY   = O_NONBLOCK
	O_DSYNC    = 0x1000
	O_ASYNC    = 0x2000
	O_NOATIME  = 0x40000
	O_CLOEXEC  = 0x80000
	O_SYNC     = 0x101000
	O_RSYNC    = O_SYNC
	O_PATH     = 0x200000
	O_TMPFILE  = 0x400000 | O_DIRECTORY
)

// st_mode's file type bits.
const (
	S_IFMT   = 0xf000
	S_IFSOCK = 0xc000
	S_IFLNK  = 0xa000
	S_IFREG  = 0x8000
	S_IFBLK  = 0x6000
	S_IFDIR  = 0x4000
	S_IFCHR  = 0x2000
	S_IFIFO  = 0x1000
)
