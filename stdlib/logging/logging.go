// Package logging is Python's logging module as scripts use it: a root
// logger and named ones, levels, basicConfig, stream handlers and
// formatters, records printed as CPython 3.11 prints them.
//
//	logging.basicConfig(level=None, format=None, datefmt=None, style='%', stream=None,
//	        handlers=None, force=False)
//	logging.getLogger(name=None)              the root logger ("root", a RootLogger), else one per name
//	logging.debug(msg, *args, exc_info=None, stack_info=False, stacklevel=1, extra=None)
//	logging.info(...), warning(...), warn(...), error(...), critical(...), fatal(...)
//	logging.exception(msg, *args, exc_info=True, ...)  error() and the exception being handled
//	logging.log(level, msg, *args, ...)
//	logging.disable(level=CRITICAL), getLevelName(level), addLevelName(level, name),
//	logging.shutdown()
//	logging.DEBUG, INFO, WARNING, WARN, ERROR, CRITICAL, FATAL, NOTSET, BASIC_FORMAT
//	logging.root                              the run's root logger
//	Logger: .name, .level, .parent, .propagate, .disabled, .handlers,
//	    .debug/.info/.warning/.warn/.error/.exception/.critical/.fatal/.log(...),
//	    .setLevel(level), .getEffectiveLevel(), .isEnabledFor(level), .getChild(suffix),
//	    .addHandler(h), .removeHandler(h), .hasHandlers()
//	logging.StreamHandler(stream=None)        .setLevel(level), .setFormatter(f), .flush(), .close()
//	logging.Formatter(fmt=None, datefmt=None, style='%', validate=True)
//
// Format fields: %(name)s %(levelname)s %(levelno)s %(message)s %(asctime)s
// ("2024-01-02 03:04:05,123", or datefmt through time.strftime) %(msecs)d
// %(created)f %(relativeCreated)d %(filename)s %(pathname)s %(module)s
// %(funcName)s %(lineno)d %(threadName)s %(thread)d %(process)d
// %(processName)s, and extra= keys; styles '%', '{' and '$'. A logger
// with no handler anywhere up its chain prints "%(message)s" to stderr for
// WARNING and above, as CPython's last resort does. exception() and
// exc_info=True append the traceback of the exception being handled: the
// one of the except block the call is in, else the one the script last
// caught with catch(), the dialect's equivalent.
//
// Loggers, handlers and settings belong to one run: two runs in one
// process never see each other's.
package logging

import (
	"io"
	"math"
	"os"
	"path/filepath"
	"strings"
	"time"

	"go.starlark.net/starlark"

	"sockstar/runtime/host"
	"sockstar/runtime/py"
	"sockstar/stdlib/sys"
	"sockstar/stdlib/threading"
)

// The standard levels.
const (
	notset   = 0
	debug    = 10
	info     = 20
	warning  = 30
	errorLvl = 40
	critical = 50
)

// basicFormat is logging.BASIC_FORMAT, basicConfig's default format.
const basicFormat = "%(levelname)s:%(name)s:%(message)s"

// Module is the logging module.
var Module = &py.Module{
	Name:         "logging",
	Build:        members,
	DynamicNames: []string{"root"},
	// The run's state is made here, once, and reached through root.
	PerRun: func(p *host.Process) starlark.StringDict {
		return starlark.StringDict{"root": newState(p).root}
	},
}

// self is Module for the builtins that reach the run's instance of it. A
// reference to Module itself from them would make Module's initializer,
// whose Build reaches them, depend on Module (a cycle Go refuses); through
// an interface it does not, and Module stays static data, where setting
// Build in an init function would run at every start.
var self moduleOf = loggingModule{}

type moduleOf interface{ module() *py.Module }

type loggingModule struct{}

func (loggingModule) module() *py.Module { return Module }

func members() starlark.StringDict {
	d := starlark.StringDict{
		"CRITICAL":      starlark.MakeInt(critical),
		"FATAL":         starlark.MakeInt(critical),
		"ERROR":         starlark.MakeInt(errorLvl),
		"WARNING":       starlark.MakeInt(warning),
		"WARN":          starlark.MakeInt(warning),
		"INFO":          starlark.MakeInt(info),
		"DEBUG":         starlark.MakeInt(debug),
		"NOTSET":        starlark.MakeInt(notset),
		"BASIC_FORMAT":  starlark.String(basicFormat),
		"basicConfig":   starlark.NewBuiltin("logging.basicConfig", basicConfig),
		"getLogger":     starlark.NewBuiltin("logging.getLogger", getLogger),
		"disable":       starlark.NewBuiltin("logging.disable", disable),
		"getLevelName":  starlark.NewBuiltin("logging.getLevelName", getLevelName),
		"addLevelName":  starlark.NewBuiltin("logging.addLevelName", addLevelName),
		"shutdown":      starlark.NewBuiltin("logging.shutdown", shutdown),
		"Logger":        loggerClass,
		"RootLogger":    rootLoggerClass,
		"Handler":       handlerClass,
		"StreamHandler": streamHandlerClass,
		"Formatter":     formatterClass,
	}
	for _, name := range []string{"debug", "info", "warning", "warn", "error", "exception", "critical", "fatal", "log"} {
		name := name
		d[name] = starlark.NewBuiltin("logging."+name, func(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			st := stateOf(thread)
			// The module's functions configure the root logger on first
			// use when nothing has, as CPython's do.
			if len(st.root.handlers) == 0 {
				if err := st.basicConfig(thread, nil); err != nil {
					return nil, err
				}
			}
			return st.root.logMethod(thread, name, "logging."+name, args, kwargs)
		})
	}
	return d
}

// state is the logging module's part of one run. Script threads touch it
// only while holding the run's interpreter lock, which serializes them.
type state struct {
	proc        *host.Process
	root        *Logger
	loggers     map[string]*Logger
	disabled    int // logging.disable's level
	levelToName map[int]string
	nameToLevel map[string]int
	start       time.Time
	// warned holds the places logging.warn was called from, so that its
	// DeprecationWarning shows once for each, as Python's filter does.
	warned map[string]bool
}

func newState(p *host.Process) *state {
	st := &state{
		proc:    p,
		loggers: map[string]*Logger{},
		start:   time.Now(),
		warned:  map[string]bool{},
		levelToName: map[int]string{critical: "CRITICAL", errorLvl: "ERROR", warning: "WARNING",
			info: "INFO", debug: "DEBUG", notset: "NOTSET"},
		nameToLevel: map[string]int{"CRITICAL": critical, "FATAL": critical, "ERROR": errorLvl,
			"WARN": warning, "WARNING": warning, "INFO": info, "DEBUG": debug, "NOTSET": notset},
	}
	st.root = &Logger{st: st, name: "root", level: warning, propagate: true, isRoot: true}
	return st
}

// stateOf is the run's logging state, made when the script imported logging.
func stateOf(thread *starlark.Thread) *state {
	return self.module().Instance(host.Of(thread)).Members()["root"].(*Logger).st
}

// levelName is getLevelName for an int level.
func (st *state) levelName(level int) string {
	if name, ok := st.levelToName[level]; ok {
		return name
	}
	return "Level " + starlark.MakeInt(level).String()
}

// checkLevel is _checkLevel: an int, or the name of a level.
func (st *state) checkLevel(v starlark.Value) (int, error) {
	switch v := v.(type) {
	case starlark.Int:
		n, ok := v.Int64()
		if !ok {
			return 0, py.Errorf(py.OverflowError, "Python int too large to convert to C long")
		}
		return int(n), nil
	case starlark.Bool:
		if v {
			return 1, nil
		}
		return 0, nil
	case starlark.String:
		n, ok := st.nameToLevel[string(v)]
		if !ok {
			return 0, py.Errorf(py.ValueError, "Unknown level: %s", py.Repr(v))
		}
		return n, nil
	}
	return 0, py.Errorf(py.TypeError, "Level not an integer or a valid string: %s", py.Repr(v))
}

// logger is getLogger(name) for a name that is not the root's.
func (st *state) logger(name string) *Logger {
	if l, ok := st.loggers[name]; ok {
		return l
	}
	l := &Logger{st: st, name: name, level: notset, propagate: true}
	st.loggers[name] = l
	return l
}

func getLogger(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var name starlark.Value = starlark.None
	if err := starlark.UnpackArgs(b.Name(), args, kwargs, "name?", &name); err != nil {
		return nil, err
	}
	st := stateOf(thread)
	if !name.Truth() || name == starlark.String("root") {
		return st.root, nil
	}
	s, ok := name.(starlark.String)
	if !ok {
		return nil, py.Errorf(py.TypeError, "A logger name must be a string")
	}
	return st.logger(string(s)), nil
}

func basicConfig(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if len(args) > 0 {
		return nil, py.Errorf(py.TypeError, "basicConfig() takes 0 positional arguments but %d were given", len(args))
	}
	return starlark.None, stateOf(thread).basicConfig(thread, kwargs)
}

// basicConfig gives the root logger a stream handler with a formatter,
// unless it has a handler already (or force=True), and sets its level.
func (st *state) basicConfig(thread *starlark.Thread, kwargs []starlark.Tuple) error {
	kw := map[string]starlark.Value{}
	var order []string
	for _, kv := range kwargs {
		k := string(kv[0].(starlark.String))
		kw[k] = kv[1]
		order = append(order, k)
	}
	pop := func(k string) (starlark.Value, bool) {
		v, ok := kw[k]
		delete(kw, k)
		return v, ok
	}
	if force, ok := pop("force"); ok && bool(force.Truth()) {
		st.root.handlers = nil
	}
	pop("encoding")
	pop("errors")
	if len(st.root.handlers) > 0 {
		return nil
	}
	var handlers []*Handler
	hv, hasHandlers := pop("handlers")
	if hv == starlark.None {
		hasHandlers = false
	}
	_, hasStream := kw["stream"]
	_, hasFile := kw["filename"]
	if !hasHandlers && hasStream && hasFile {
		return py.Errorf(py.ValueError, "'stream' and 'filename' should not be specified together")
	}
	if hasHandlers && (hasStream || hasFile) {
		return py.Errorf(py.ValueError, "'stream' or 'filename' should not be specified together with 'handlers'")
	}
	if hasHandlers {
		items, err := py.Collect(hv)
		if err != nil {
			return err
		}
		for _, v := range items {
			h, ok := v.(*Handler)
			if !ok {
				return py.Errorf(py.TypeError, "logging.basicConfig: handlers must be logging handlers, not %s", py.TypeOf(v).Name())
			}
			handlers = append(handlers, h)
		}
	} else {
		if f, ok := pop("filename"); ok && bool(f.Truth()) {
			return py.Errorf(py.NotImplementedError, "logging.basicConfig: filename= is not supported; log to a stream")
		}
		pop("filemode")
		stream, _ := pop("stream")
		if stream == nil {
			stream = starlark.None
		}
		handlers = []*Handler{st.newStreamHandler(stream)}
	}
	datefmt, _ := pop("datefmt")
	if datefmt == nil {
		datefmt = starlark.None
	}
	style := "%"
	if s, ok := pop("style"); ok {
		style = py.Str(s)
	}
	if style != "%" && style != "{" && style != "$" {
		return py.Errorf(py.ValueError, "Style must be one of: %%,{,$")
	}
	var fs starlark.Value = starlark.String(defaultFormat(style))
	if f, ok := pop("format"); ok {
		fs = f
	}
	fmtr, err := newFormatter(fs, datefmt, style, true)
	if err != nil {
		return err
	}
	for _, h := range handlers {
		if h.formatter == nil {
			h.formatter = fmtr
		}
		st.root.addHandler(h)
	}
	if level, ok := pop("level"); ok && level != starlark.None {
		n, err := st.checkLevel(level)
		if err != nil {
			return err
		}
		st.root.level = n
	}
	if len(kw) > 0 {
		var keys []string
		for _, k := range order {
			if _, ok := kw[k]; ok {
				keys = append(keys, k)
			}
		}
		return py.Errorf(py.ValueError, "Unrecognised argument(s): %s", strings.Join(keys, ", "))
	}
	return nil
}

func defaultFormat(style string) string {
	switch style {
	case "{":
		return "{levelname}:{name}:{message}"
	case "$":
		return "${levelname}:${name}:${message}"
	}
	return basicFormat
}

func disable(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var level starlark.Value = starlark.MakeInt(critical)
	if err := starlark.UnpackArgs(b.Name(), args, kwargs, "level?", &level); err != nil {
		return nil, err
	}
	st := stateOf(thread)
	n, err := st.checkLevel(level)
	if err != nil {
		return nil, err
	}
	st.disabled = n
	return starlark.None, nil
}

func getLevelName(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var level starlark.Value
	if err := starlark.UnpackArgs(b.Name(), args, kwargs, "level", &level); err != nil {
		return nil, err
	}
	st := stateOf(thread)
	if n, ok := level.(starlark.Int); ok {
		if k, ok := n.Int64(); ok {
			if name, ok := st.levelToName[int(k)]; ok {
				return starlark.String(name), nil
			}
		}
	}
	if s, ok := level.(starlark.String); ok {
		if n, ok := st.nameToLevel[string(s)]; ok {
			return starlark.MakeInt(n), nil
		}
	}
	return starlark.String("Level " + py.Str(level)), nil
}

func addLevelName(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var level int
	var name string
	if err := starlark.UnpackArgs(b.Name(), args, kwargs, "level", &level, "levelName", &name); err != nil {
		return nil, err
	}
	st := stateOf(thread)
	st.levelToName[level] = name
	st.nameToLevel[name] = level
	return starlark.None, nil
}

func shutdown(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var handlerList starlark.Value
	if err := starlark.UnpackArgs(b.Name(), args, kwargs, "handlerList?", &handlerList); err != nil {
		return nil, err
	}
	return starlark.None, nil
}

// record is a LogRecord: one call's message and where it came from.
type record struct {
	name      string
	msg       starlark.Value
	args      starlark.Value // a tuple, or the one mapping given
	levelno   int
	levelname string
	pathname  string
	lineno    int
	funcName  string
	created   time.Time
	excInfo   bool
	exc       *py.Exception // the exception for exc_info; nil for none
	extra     []starlark.Tuple
	thread    *starlark.Thread
	stack     starlark.CallStack
}

// message is getMessage: str(msg) % args when there are args.
func (r *record) message() (string, error) {
	msg := py.Str(r.msg)
	if t, ok := r.args.(starlark.Tuple); ok && len(t) == 0 {
		return msg, nil
	}
	return py.Percent(msg, r.args)
}

// dict is the record's attributes, which formats name.
func (r *record) dict(message string) *starlark.Dict {
	d := starlark.NewDict(24)
	set := func(k string, v starlark.Value) { d.SetKey(starlark.String(k), v) }
	file := filepath.Base(r.pathname)
	secs := float64(r.created.UnixNano()) / 1e9
	st := stateOf(r.thread)
	set("name", starlark.String(r.name))
	set("msg", r.msg)
	set("args", r.args)
	set("levelname", starlark.String(r.levelname))
	set("levelno", starlark.MakeInt(r.levelno))
	set("pathname", starlark.String(r.pathname))
	set("filename", starlark.String(file))
	set("module", starlark.String(strings.TrimSuffix(file, filepath.Ext(file))))
	set("exc_info", starlark.None)
	set("exc_text", starlark.None)
	set("stack_info", starlark.None)
	set("lineno", starlark.MakeInt(r.lineno))
	set("funcName", starlark.String(r.funcName))
	set("created", starlark.Float(secs))
	set("msecs", starlark.Float(math.Floor((secs-math.Floor(secs))*1000)))
	set("relativeCreated", starlark.Float(float64(r.created.Sub(st.start).Nanoseconds())/1e6))
	name, ident := threadInfo(r.thread)
	set("thread", ident)
	set("threadName", name)
	set("processName", starlark.String("MainProcess"))
	set("process", starlark.MakeInt(os.Getpid()))
	set("message", starlark.String(message))
	for _, kv := range r.extra {
		d.SetKey(kv[0], kv[1])
	}
	return d
}

// threadInfo is the name and ident of the script thread that logs, as
// threading.current_thread() gives them.
func threadInfo(thread *starlark.Thread) (starlark.Value, starlark.Value) {
	fn, ok := threading.Module.Members()["current_thread"]
	if !ok {
		return starlark.String("MainThread"), starlark.None
	}
	t, err := starlark.Call(thread, fn, nil, nil)
	if err != nil {
		return starlark.String("MainThread"), starlark.None
	}
	h, ok := t.(starlark.HasAttrs)
	if !ok {
		return starlark.String("MainThread"), starlark.None
	}
	name, _ := h.Attr("name")
	ident, _ := h.Attr("ident")
	if name == nil {
		name = starlark.String("MainThread")
	}
	if ident == nil {
		ident = starlark.None
	}
	return name, ident
}

// stderrStream is the run's sys.stderr, a stream handler's default.
func stderrStream(p *host.Process) starlark.Value {
	return sys.Module.Instance(p).Members()["stderr"]
}

// write sends text to a stream: the run's stderr directly when it is the
// run's sys.stderr, else through the stream's write method.
func write(thread *starlark.Thread, stream starlark.Value, text string) error {
	if s, ok := stream.(*sys.Stream); ok && s == stderrStream(host.Of(thread)) {
		io.WriteString(host.Of(thread).Stderr, text)
		return nil
	}
	w, err := py.GetAttr(stream, "write")
	if err != nil {
		return err
	}
	_, err = starlark.Call(thread, w, starlark.Tuple{starlark.String(text)}, nil)
	return err
}
