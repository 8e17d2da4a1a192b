package linux

// poll(2)'s events and revents.
const (
	POLLIN     = 0x1
	POLLPRI    = 0x2
	POLLOUT    = 0x4
	POLLERR    = 0x8
	POLLHUP    = 0x10
	POLLNVAL   = 0x20
	POLLRDNORM = 0x40
	POLLRDBAND = 0x80
	POLLWRNORM = 0x100
	POLLWRBAND = 0x200
	POLLMSG    = 0x400
	POLLRDHUP  = 0x2000
)

// epoll's events (the POLL* bits, and its own modes), epoll_ctl's
// operations and epoll_create1's flag.
const (
	EPOLLIN        = POLLIN
	EPOLLPRI       = POLLPRI
	EPOLLOUT       = POLLOUT
	EPOLLERR       = POLLERR
	EPOLLHUP       = POLLHUP
	EPOLLRDNORM    = POLLRDNORM
	EPOLLRDBAND    = POLLRDBAND
	EPOLLWRNORM    = POLLWRNORM
	EPOLLWRBAND    = POLLWRBAND
	EPOLLMSG       = POLLMSG
	EPOLLRDHUP     = POLLRDHUP
	EPOLLEXCLUSIVE = 1 << 28
	EPOLLWAKEUP    = 1 << 29
	EPOLLONESHOT   = 1 << 30
	EPOLLET        = 1 << 31

	EPOLL_CTL_ADD = 1
	EPOLL_CTL_DEL = 2
	EPOLL_CTL_MOD = 3

	EPOLL_CLOEXEC = 0x80000
)
