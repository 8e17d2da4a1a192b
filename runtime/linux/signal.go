package linux

import "syscall"

// Linux's signal numbers: the ones a script sees in the signal module and
// the ones a run's handlers are kept by, whatever the host's are (darwin's
// SIGUSR1 is 30).
const (
	SIGHUP    = syscall.Signal(1)
	SIGINT    = syscall.Signal(2)
	SIGQUIT   = syscall.Signal(3)
	SIGILL    = syscall.Signal(4)
	SIGTRAP   = syscall.Signal(5)
	SIGABRT   = syscall.Signal(6)
	SIGBUS    = syscall.Signal(7)
	SIGFPE    = syscall.Signal(8)
	SIGKILL   = syscall.Signal(9)
	SIGUSR1   = syscall.Signal(10)
	SIGSEGV   = syscall.Signal(11)
	SIGUSR2   = syscall.Signal(12)
	SIGPIPE   = syscall.Signal(13)
	SIGALRM   = syscall.Signal(14)
	SIGTERM   = syscall.Signal(15)
	SIGSTKFLT = syscall.Signal(16)
	SIGCHLD   = syscall.Signal(17)
	SIGCONT   = syscall.Signal(18)
	SIGSTOP   = syscall.Signal(19)
	SIGTSTP   = syscall.Signal(20)
	SIGTTIN   = syscall.Signal(21)
	SIGTTOU   = syscall.Signal(22)
	SIGURG    = syscall.Signal(23)
	SIGXCPU   = syscall.Signal(24)
	SIGXFSZ   = syscall.Signal(25)
	SIGVTALRM = syscall.Signal(26)
	SIGPROF   = syscall.Signal(27)
	SIGWINCH  = syscall.Signal(28)
	SIGIO     = syscall.Signal(29)
	SIGPWR    = syscall.Signal(30)
	SIGSYS    = syscall.Signal(31)
)
