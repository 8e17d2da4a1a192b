package logging

import (
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"time"

	"go.starlark.net/starlark"

	"sockstar/runtime/host"
	"sockstar/runtime/py"
	pytime "sockstar/stdlib/time"
)

var (
	loggerClass        = py.DeclareClass("logging", "Logger", &py.Object, nil)
	rootLoggerClass    = py.DeclareClass("logging", "RootLogger", &loggerClass, nil)
	handlerClass       = py.DeclareClass("logging", "Handler", &py.Object, nil)
	streamHandlerClass = py.DeclareClass("logging", "StreamHandler", &handlerClass, newStreamHandler)
	formatterClass     = py.DeclareClass("logging", "Formatter", &py.Object, newFormatterValue)
)

// Logger is a logging.Logger; the root logger is one with isRoot set.
type Logger struct {
	st        *state
	name      string
	level     int
	propagate bool
	disabled  bool
	isRoot    bool
	handlers  []*Handler
}

var (
	_ starlark.HasAttrs    = (*Logger)(nil)
	_ starlark.HasSetField = (*Logger)(nil)
)

func (l *Logger) String() string {
	cls := "Logger"
	if l.isRoot {
		cls = "RootLogger"
	}
	return "<" + cls + " " + l.name + " (" + l.st.levelName(l.effectiveLevel()) + ")>"
}
func (l *Logger) PyRepr() string { return l.String() }
func (l *Logger) Type() string   { return "Logger" }
func (l *Logger) PyClass() *py.Class {
	if l.isRoot {
		return rootLoggerClass
	}
	return loggerClass
}
func (l *Logger) Freeze()              {}
func (l *Logger) Truth() starlark.Bool { return true }

// Hash is one value for all: Starlark then tells keys apart by identity,
// as Python hashes these objects.
func (l *Logger) Hash() (uint32, error) { return 0, nil }

// parent is the nearest logger above this one by dotted name, else root,
// which is what CPython's placeholders work out to.
func (l *Logger) parent() *Logger {
	if l.isRoot {
		return nil
	}
	name := l.name
	for {
		i := strings.LastIndexByte(name, '.')
		if i < 0 {
			return l.st.root
		}
		name = name[:i]
		if p, ok := l.st.loggers[name]; ok {
			return p
		}
	}
}

func (l *Logger) effectiveLevel() int {
	for c := l; c != nil; c = c.parent() {
		if c.level != notset {
			return c.level
		}
	}
	return notset
}

func (l *Logger) enabledFor(level int) bool {
	if l.disabled || level <= l.st.disabled {
		return false
	}
	return level >= l.effectiveLevel()
}

func (l *Logger) addHandler(h *Handler) {
	for _, x := range l.handlers {
		if x == h {
			return
		}
	}
	l.handlers = append(l.handlers, h)
}

// methodLevel is the level a logging method logs at; ok false for log().
func methodLevel(name string) (int, bool) {
	switch name {
	case "debug":
		return debug, true
	case "info":
		return info, true
	case "warning", "warn":
		return warning, true
	case "error", "exception":
		return errorLvl, true
	case "critical", "fatal":
		return critical, true
	}
	return 0, false
}

func (l *Logger) Attr(name string) (starlark.Value, error) {
	switch name {
	case "name":
		return starlark.String(l.name), nil
	case "level":
		return starlark.MakeInt(l.level), nil
	case "parent":
		if p := l.parent(); p != nil {
			return p, nil
		}
		return starlark.None, nil
	case "propagate":
		return starlark.Bool(l.propagate), nil
	case "disabled":
		return starlark.Bool(l.disabled), nil
	case "handlers":
		hs := make([]starlark.Value, len(l.handlers))
		for i, h := range l.handlers {
			hs[i] = h
		}
		return starlark.NewList(hs), nil
	case "root":
		return l.st.root, nil
	}
	if _, ok := methodLevel(name); ok || name == "log" {
		return starlark.NewBuiltin("Logger."+name, func(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			return l.logMethod(thread, name, b.Name(), args, kwargs)
		}), nil
	}
	var fn func(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error)
	switch name {
	case "setLevel":
		fn = func(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			var level starlark.Value
			if err := starlark.UnpackArgs(b.Name(), args, kwargs, "level", &level); err != nil {
				return nil, err
			}
			n, err := l.st.checkLevel(level)
			if err != nil {
				return nil, err
			}
			l.level = n
			return starlark.None, nil
		}
	case "getEffectiveLevel":
		fn = func(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			if err := starlark.UnpackArgs(b.Name(), args, kwargs); err != nil {
				return nil, err
			}
			return starlark.MakeInt(l.effectiveLevel()), nil
		}
	case "isEnabledFor":
		fn = func(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			var level int
			if err := starlark.UnpackArgs(b.Name(), args, kwargs, "level", &level); err != nil {
				return nil, err
			}
			return starlark.Bool(l.enabledFor(level)), nil
		}
	case "getChild":
		fn = func(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			var suffix string
			if err := starlark.UnpackArgs(b.Name(), args, kwargs, "suffix", &suffix); err != nil {
				return nil, err
			}
			if !l.isRoot {
				suffix = l.name + "." + suffix
			}
			if suffix == "root" || suffix == "" {
				return l.st.root, nil
			}
			return l.st.logger(suffix), nil
		}
	case "addHandler", "removeHandler":
		fn = func(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			var hv starlark.Value
			if err := starlark.UnpackArgs(b.Name(), args, kwargs, "hdlr", &hv); err != nil {
				return nil, err
			}
			h, ok := hv.(*Handler)
			if !ok {
				return nil, py.Errorf(py.TypeError, "%s: a logging handler is needed, not %s", b.Name(), py.TypeOf(hv).Name())
			}
			if name == "addHandler" {
				l.addHandler(h)
				return starlark.None, nil
			}
			for i, x := range l.handlers {
				if x == h {
					l.handlers = append(l.handlers[:i:i], l.handlers[i+1:]...)
					break
				}
			}
			return starlark.None, nil
		}
	case "hasHandlers":
		fn = func(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			if err := starlark.UnpackArgs(b.Name(), args, kwargs); err != nil {
				return nil, err
			}
			for c := l; c != nil; c = c.parent() {
				if len(c.handlers) > 0 {
					return starlark.True, nil
				}
				if !c.propagate {
					break
				}
			}
			return starlark.False, nil
		}
	default:
		return nil, nil
	}
	return starlark.NewBuiltin("Logger."+name, fn), nil
}

func (l *Logger) AttrNames() []string {
	return []string{"addHandler", "critical", "debug", "disabled", "error", "exception", "fatal",
		"getChild", "getEffectiveLevel", "handlers", "hasHandlers", "info", "isEnabledFor", "level",
		"log", "name", "parent", "propagate", "removeHandler", "root", "setLevel", "warn", "warning"}
}

func (l *Logger) SetField(name string, v starlark.Value) error {
	switch name {
	case "propagate":
		l.propagate = bool(v.Truth())
	case "disabled":
		l.disabled = bool(v.Truth())
	case "level":
		n, err := l.st.checkLevel(v)
		if err != nil {
			return err
		}
		l.level = n
	case "name":
		l.name = py.Str(v)
	default:
		return py.Errorf(py.AttributeError, "'Logger' object attribute '%s' cannot be set here", name)
	}
	return nil
}

// logMethod is debug/info/.../log on this logger: msg, *args, and the
// keywords exc_info, stack_info, stacklevel and extra.
func (l *Logger) logMethod(thread *starlark.Thread, method, fname string, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	level, ok := methodLevel(method)
	if !ok {
		if len(args) == 0 {
			return nil, py.Errorf(py.TypeError, "%s() missing 2 required positional arguments: 'level' and 'msg'", method)
		}
		n, isInt := args[0].(starlark.Int)
		k, fits := n.Int64()
		if !isInt || !fits {
			return nil, py.Errorf(py.TypeError, "level must be an integer")
		}
		level = int(k)
		args = args[1:]
	}
	if len(args) == 0 {
		return nil, py.Errorf(py.TypeError, "%s() missing 1 required positional argument: 'msg'", method)
	}
	var excInfo starlark.Value = starlark.None
	if method == "exception" {
		excInfo = starlark.True
	}
	var extra starlark.Value = starlark.None
	for _, kv := range kwargs {
		switch k := string(kv[0].(starlark.String)); k {
		case "exc_info":
			excInfo = kv[1]
		case "extra":
			extra = kv[1]
		case "stack_info", "stacklevel":
		default:
			return nil, py.Errorf(py.TypeError, "%s() got an unexpected keyword argument '%s'", fname, k)
		}
	}
	if method == "warn" {
		l.st.deprecatedWarn(thread, fname)
	}
	if !l.enabledFor(level) {
		return starlark.None, nil
	}
	r := &record{name: l.name, msg: args[0], args: args[1:], levelno: level, levelname: l.st.levelName(level),
		created: time.Now(), thread: thread, stack: thread.CallStack()}
	// A single non-empty mapping is the mapping the message formats with.
	if rest := args[1:]; len(rest) == 1 {
		if m, ok := rest[0].(starlark.IterableMapping); ok && len(m.Items()) > 0 {
			r.args = rest[0]
		}
	}
	r.pathname, r.lineno, r.funcName = "(unknown file)", 0, "(unknown function)"
	if thread.CallStackDepth() > 1 {
		fr := thread.CallFrame(1)
		r.pathname, r.lineno, r.funcName = absPath(fr.Pos.Filename()), int(fr.Pos.Line), fr.Name
		switch r.funcName {
		case "<toplevel>":
			r.funcName = "<module>"
		case "lambda":
			r.funcName = "<lambda>"
		}
	}
	switch e := excInfo.(type) {
	case *py.Exception:
		r.excInfo, r.exc = true, e
	case starlark.Tuple:
		if len(e) == 3 {
			r.excInfo = true
			r.exc, _ = e[1].(*py.Exception)
		}
	default:
		if excInfo.Truth() {
			r.excInfo = true
			if exc := py.Handled(thread); exc != nil {
				r.exc = exc
			} else if err := host.Of(thread).LastError(); err != nil {
				r.exc = py.AsException(err)
			}
		}
	}
	if extra != starlark.None {
		m, ok := extra.(starlark.IterableMapping)
		if !ok {
			return nil, py.Errorf(py.TypeError, "'%s' object is not iterable", py.TypeOf(extra).Name())
		}
		for _, kv := range m.Items() {
			k := py.Str(kv[0])
			switch k {
			case "name", "msg", "args", "levelname", "levelno", "pathname", "filename", "module", "exc_info",
				"exc_text", "stack_info", "lineno", "funcName", "created", "msecs", "relativeCreated",
				"thread", "threadName", "processName", "process", "message", "asctime":
				return nil, py.Errorf(py.KeyError, "Attempt to overwrite %s in LogRecord", py.Repr(kv[0]))
			}
			r.extra = append(r.extra, kv)
		}
	}
	if l.disabled {
		return starlark.None, nil
	}
	return starlark.None, l.callHandlers(thread, r)
}

// callHandlers hands the record to every handler up the chain, or to the
// last-resort handler when there is none.
func (l *Logger) callHandlers(thread *starlark.Thread, r *record) error {
	found := 0
	for c := l; c != nil; c = c.parent() {
		for _, h := range c.handlers {
			found++
			if r.levelno >= h.level {
				if err := h.handle(thread, r); err != nil {
					return err
				}
			}
		}
		if !c.propagate {
			break
		}
	}
	if found == 0 && r.levelno >= warning {
		last := &Handler{stream: starlark.None, level: warning}
		return last.handle(thread, r)
	}
	return nil
}

// deprecatedWarn prints the DeprecationWarning of logging.warn and
// Logger.warn once for each line that calls them, as Python's default
// filter shows it for code in __main__.
func (st *state) deprecatedWarn(thread *starlark.Thread, fname string) {
	if thread.CallStackDepth() < 2 {
		return
	}
	fr := thread.CallFrame(1)
	key := fmt.Sprintf("%s:%d", absPath(fr.Pos.Filename()), fr.Pos.Line)
	if st.warned[key] {
		return
	}
	st.warned[key] = true
	what := "The 'warn' function is deprecated, use 'warning' instead"
	if fname == "Logger.warn" {
		what = "The 'warn' method is deprecated, use 'warning' instead"
	}
	text := key + ": DeprecationWarning: " + what + "\n"
	if lines := st.proc.Sources[fr.Pos.Filename()]; int(fr.Pos.Line) >= 1 && int(fr.Pos.Line) <= len(lines) {
		text += "  " + strings.TrimSpace(lines[fr.Pos.Line-1]) + "\n"
	}
	io.WriteString(st.proc.Stderr, text)
}

// Handler is a logging.StreamHandler: records formatted and written to a
// stream, sys.stderr when none is given.
type Handler struct {
	stream    starlark.Value // None: the run's sys.stderr
	level     int
	formatter *Formatter
	name      starlark.Value
}

var (
	_ starlark.HasAttrs    = (*Handler)(nil)
	_ starlark.HasSetField = (*Handler)(nil)
)

func newStreamHandler(thread *starlark.Thread, _ *py.Class, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var stream starlark.Value = starlark.None
	if err := starlark.UnpackArgs("logging.StreamHandler", args, kwargs, "stream?", &stream); err != nil {
		return nil, err
	}
	return stateOf(thread).newStreamHandler(stream), nil
}

func (st *state) newStreamHandler(stream starlark.Value) *Handler {
	if stream == starlark.None {
		stream = stderrStream(st.proc)
	}
	return &Handler{stream: stream, level: notset, name: starlark.None}
}

func (h *Handler) String() string {
	name := ""
	if v, err := py.GetAttr(h.stream, "name"); err == nil {
		name = py.Str(v) + " "
	}
	return "<StreamHandler " + name + "(" + levelNameStatic(h.level) + ")>"
}

// levelNameStatic names the standard levels, for reprs made without a run.
func levelNameStatic(level int) string {
	switch level {
	case critical:
		return "CRITICAL"
	case errorLvl:
		return "ERROR"
	case warning:
		return "WARNING"
	case info:
		return "INFO"
	case debug:
		return "DEBUG"
	case notset:
		return "NOTSET"
	}
	return fmt.Sprintf("Level %d", level)
}

func (h *Handler) PyRepr() string        { return h.String() }
func (h *Handler) Type() string          { return "StreamHandler" }
func (h *Handler) PyClass() *py.Class    { return streamHandlerClass }
func (h *Handler) Freeze()               {}
func (h *Handler) Truth() starlark.Bool  { return true }
func (h *Handler) Hash() (uint32, error) { return 0, nil }

func (h *Handler) Attr(name string) (starlark.Value, error) {
	switch name {
	case "level":
		return starlark.MakeInt(h.level), nil
	case "stream":
		return h.stream, nil
	case "name":
		return h.name, nil
	case "formatter":
		if h.formatter == nil {
			return starlark.None, nil
		}
		return h.formatter, nil
	case "terminator":
		return starlark.String("\n"), nil
	case "setLevel":
		return starlark.NewBuiltin("StreamHandler.setLevel", func(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			var level starlark.Value
			if err := starlark.UnpackArgs(b.Name(), args, kwargs, "level", &level); err != nil {
				return nil, err
			}
			n, err := stateOf(thread).checkLevel(level)
			if err != nil {
				return nil, err
			}
			h.level = n
			return starlark.None, nil
		}), nil
	case "setFormatter":
		return starlark.NewBuiltin("StreamHandler.setFormatter", func(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			var fv starlark.Value
			if err := starlark.UnpackArgs(b.Name(), args, kwargs, "fmt", &fv); err != nil {
				return nil, err
			}
			switch f := fv.(type) {
			case *Formatter:
				h.formatter = f
			case starlark.NoneType:
				h.formatter = nil
			default:
				return nil, py.Errorf(py.TypeError, "StreamHandler.setFormatter: a logging.Formatter is needed, not %s", py.TypeOf(fv).Name())
			}
			return starlark.None, nil
		}), nil
	case "flush", "close":
		return starlark.NewBuiltin("StreamHandler."+name, func(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			if err := starlark.UnpackArgs(b.Name(), args, kwargs); err != nil {
				return nil, err
			}
			return starlark.None, nil
		}), nil
	}
	return nil, nil
}

func (h *Handler) AttrNames() []string {
	return []string{"close", "flush", "formatter", "level", "name", "setFormatter", "setLevel", "stream", "terminator"}
}

func (h *Handler) SetField(name string, v starlark.Value) error {
	switch name {
	case "name":
		h.name = v
	case "stream":
		h.stream = v
	default:
		return py.Errorf(py.AttributeError, "'StreamHandler' object attribute '%s' cannot be set here", name)
	}
	return nil
}

// handle formats a record and writes it; a failure to format is reported
// on stderr as CPython's handleError does, and logging goes on.
func (h *Handler) handle(thread *starlark.Thread, r *record) error {
	f := h.formatter
	if f == nil {
		f = &Formatter{fmt: "%(message)s", datefmt: starlark.None, style: "%"}
	}
	text, err := f.format(thread, r)
	if err == nil {
		stream := h.stream
		if stream == starlark.None {
			stream = stderrStream(host.Of(thread))
		}
		err = write(thread, stream, text+"\n")
	}
	if err == nil {
		return nil
	}
	p := host.Of(thread)
	if p.Cancelled() {
		return err
	}
	exc := py.AsException(err)
	if !exc.Class.IsSubclass(py.Exception_) {
		return err
	}
	// The frames inside logging CPython prints are not there to print.
	var b strings.Builder
	b.WriteString("--- Logging error ---\n")
	b.WriteString(exc.Error() + "\n")
	b.WriteString("Call stack:\n")
	frames := py.FormatTraceback(p, r.stack, exc)
	if rest, ok := strings.CutPrefix(frames, "Traceback (most recent call last):\n"); ok {
		b.WriteString(strings.TrimSuffix(rest, exc.Error()+"\n"))
	}
	b.WriteString("Message: " + py.Repr(r.msg) + "\n")
	b.WriteString("Arguments: " + py.Repr(r.args) + "\n")
	io.WriteString(p.Stderr, b.String())
	return nil
}

// Formatter is a logging.Formatter: the record's fields put into a
// format in one of the three styles.
type Formatter struct {
	fmt     string
	datefmt starlark.Value
	style   string
}

var _ starlark.HasAttrs = (*Formatter)(nil)

func newFormatterValue(_ *starlark.Thread, _ *py.Class, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var fs, datefmt, defaults starlark.Value = starlark.None, starlark.None, starlark.None
	style := "%"
	validate := true
	if err := starlark.UnpackArgs("logging.Formatter", args, kwargs, "fmt?", &fs, "datefmt?", &datefmt,
		"style?", &style, "validate?", &validate, "defaults?", &defaults); err != nil {
		return nil, err
	}
	if style != "%" && style != "{" && style != "$" {
		return nil, py.Errorf(py.ValueError, "Style must be one of: %%,{,$")
	}
	if fs == starlark.None {
		fs = starlark.String(map[string]string{"%": "%(message)s", "{": "{message}", "$": "${message}"}[style])
	}
	return newFormatter(fs, datefmt, style, validate)
}

func newFormatter(fs, datefmt starlark.Value, style string, validate bool) (*Formatter, error) {
	f := &Formatter{fmt: py.Str(fs), datefmt: datefmt, style: style}
	if validate && !f.valid() {
		return nil, py.Errorf(py.ValueError, "Invalid format '%s' for '%s' style", f.fmt, style)
	}
	return f, nil
}

// valid is the check of Formatter(validate=True): the format names at
// least one field in its style.
func (f *Formatter) valid() bool {
	s := f.fmt
	switch f.style {
	case "{":
		return strings.Contains(s, "{") && strings.Contains(s, "}")
	case "$":
		return strings.Contains(s, "$")
	}
	for i := strings.Index(s, "%("); i >= 0; i = strings.Index(s, "%(") {
		j := strings.IndexByte(s[i:], ')')
		if j < 0 {
			return false
		}
		name := s[i+2 : i+j]
		rest := strings.TrimLeft(s[i+j+1:], "#0+ -123456789.*")
		if isWord(name) && rest != "" && strings.ContainsRune("diouxefgcrsaXEFG%", rune(rest[0])) {
			return true
		}
		s = s[i+2:]
	}
	return false
}

func isWord(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if !(r == '_' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r > 127) {
			return false
		}
	}
	return true
}

func (f *Formatter) String() string {
	return "<logging.Formatter object>"
}
func (f *Formatter) Type() string          { return "Formatter" }
func (f *Formatter) PyClass() *py.Class    { return formatterClass }
func (f *Formatter) Freeze()               {}
func (f *Formatter) Truth() starlark.Bool  { return true }
func (f *Formatter) Hash() (uint32, error) { return 0, nil }

func (f *Formatter) Attr(name string) (starlark.Value, error) {
	switch name {
	case "datefmt":
		return f.datefmt, nil
	case "default_time_format":
		return starlark.String("%Y-%m-%d %H:%M:%S"), nil
	case "default_msec_format":
		return starlark.String("%s,%03d"), nil
	}
	return nil, nil
}

func (f *Formatter) AttrNames() []string {
	return []string{"datefmt", "default_msec_format", "default_time_format"}
}

func (f *Formatter) usesTime() bool {
	switch f.style {
	case "{":
		return strings.Contains(f.fmt, "{asctime")
	case "$":
		return strings.Contains(f.fmt, "$asctime") || strings.Contains(f.fmt, "${asctime}")
	}
	return strings.Contains(f.fmt, "%(asctime)")
}

// format is Formatter.format: the message, the time when the format
// shows it, the fields put in, and the exception's traceback after.
func (f *Formatter) format(thread *starlark.Thread, r *record) (string, error) {
	message, err := r.message()
	if err != nil {
		return "", err
	}
	d := r.dict(message)
	if f.usesTime() {
		asctime, err := f.formatTime(r)
		if err != nil {
			return "", err
		}
		d.SetKey(starlark.String("asctime"), starlark.String(asctime))
	}
	var s string
	switch f.style {
	case "{":
		s, err = py.FormatString(f.fmt, nil, d)
	case "$":
		s, err = substitute(f.fmt, d)
	default:
		s, err = py.Percent(f.fmt, d)
		if exc, ok := err.(*py.Exception); ok && exc.Class == py.KeyError {
			err = py.Errorf(py.ValueError, "Formatting field not found in record: %s", exc.Message())
		}
	}
	if err != nil {
		return "", err
	}
	if r.excInfo {
		text := "NoneType: None"
		if r.exc != nil {
			switch {
			case r.exc.TB != nil:
				text = py.FormatException(host.Of(thread), r.exc)
			case r.exc.Trace != "":
				text = r.exc.Trace
			default:
				text = r.exc.Error()
			}
			text = strings.TrimSuffix(text, "\n")
		}
		if !strings.HasSuffix(s, "\n") {
			s += "\n"
		}
		s += text
	}
	return s, nil
}

// formatTime is "2024-01-02 03:04:05,123", or time.strftime(datefmt).
func (f *Formatter) formatTime(r *record) (string, error) {
	secs := r.created.Unix()
	if f.datefmt != starlark.None && f.datefmt.Truth() {
		return pytime.StrftimeLocal(py.Str(f.datefmt), secs)
	}
	s, err := pytime.StrftimeLocal("%Y-%m-%d %H:%M:%S", secs)
	if err != nil {
		return "", err
	}
	return fmt.Sprintf("%s,%03d", s, r.created.Nanosecond()/1e6), nil
}

// substitute is string.Template(fmt).substitute(fields) for the '$' style.
func substitute(s string, d *starlark.Dict) (string, error) {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] != '$' || i+1 >= len(s) {
			b.WriteByte(s[i])
			continue
		}
		if s[i+1] == '$' {
			b.WriteByte('$')
			i++
			continue
		}
		name, end := "", i+1
		if s[i+1] == '{' {
			j := strings.IndexByte(s[i:], '}')
			if j < 0 {
				return "", py.Errorf(py.ValueError, "Invalid placeholder in string")
			}
			name, end = s[i+2:i+j], i+j+1
		} else {
			for end < len(s) && (s[end] == '_' || s[end] >= 'a' && s[end] <= 'z' || s[end] >= 'A' && s[end] <= 'Z' || s[end] >= '0' && s[end] <= '9') {
				end++
			}
			name = s[i+1 : end]
		}
		v, found, _ := d.Get(starlark.String(name))
		if !found {
			return "", py.Errorf(py.ValueError, "Formatting field not found in record: %s", py.Repr(starlark.String(name)))
		}
		b.WriteString(py.Str(v))
		i = end - 1
	}
	return b.String(), nil
}

// absPath is the script's path as CPython names the main script in
// warnings and records: absolute.
func absPath(name string) string {
	if abs, err := filepath.Abs(name); err == nil {
		return abs
	}
	return name
}
