package runtime

import (
	"fmt"
	"strings"

	"go.starlark.net/syntax"
)

// Lowering: the markers rewriteStatements leaves (try, class, with, raise,
// assert, decorators, loop else) become plain Starlark that behaves as
// CPython does. go.starlark.net stays the interpreter, unchanged:
//
//   - A protected block (a try body, a with body, a try statement with a
//     finally) becomes a nested def, a region, which the builtin __sx_try
//     calls; only a builtin can see an error and go on. __sx_try returns
//     (completion, exception).
//   - break, continue and return inside a region that leave it become a
//     return of a completion (__sx_BREAK, __sx_CONTINUE, __sx_ret(v)), which
//     the code after the __sx_try call carries out where the statement
//     belongs.
//   - Handlers, else and finally blocks run inline after the call. The
//     exception a handler handles is pushed on the thread's stack of handled
//     exceptions (for __context__, bare raise, traceback.print_exc) and
//     popped where the handler ends, also before a break, continue or return
//     leaves it; an exception raised inside one is caught by a __sx_try,
//     which cuts the stack back to its own depth.
//   - Names a region assigns belong to the function around it; scope.go
//     turns them into cells, so a def can assign them.
//   - A class body becomes a def named after the class that returns its
//     namespace, and __sx_class builds the class from it.
//
// Region defs are named __sx_rN and hoisted to the top of their function,
// so a loop does not make a function per turn; tracebacks fold a region's
// frame into its function's.

// hidden prefixes every name the lowering makes; a script cannot use it.
const hidden = "__sx_"

// regionPrefix names region defs, which tracebacks fold into their caller.
const regionPrefix = hidden + "r"

type lexKind int

const (
	lexFunc lexKind = iota
	lexLoop
	lexHandler
	lexRegion
)

// lex is one level of the lexical context of a statement being lowered.
type lex struct {
	kind   lexKind
	flag   string      // a loop's else flag
	exc    string      // a handler's exception variable ("" in a finally: dynamic)
	region *regionInfo // a region's escaping completions
	hoist  *[]syntax.Stmt
	module bool // a function level where return is an error: the module's, a class body's
}

// regionInfo records which completions leave a region.
type regionInfo struct{ brk, cont, ret bool }

type lowerer struct {
	module      string // __name__ of the file: the module of its classes
	n           int
	err         error
	classBodies map[*syntax.DefStmt]bool
}

func (l *lowerer) name(kind string) string {
	l.n++
	return fmt.Sprintf("%s%s%d", hidden, kind, l.n)
}

func (l *lowerer) errorf(pos syntax.Position, format string, args ...any) {
	if l.err == nil {
		l.err = syntax.Error{Pos: pos, Msg: fmt.Sprintf(format, args...)}
	}
}

// lowerFile lowers a parsed file in place.
func lowerFile(f *syntax.File, module string) (*lowerer, error) {
	l := &lowerer{module: module, classBodies: map[*syntax.DefStmt]bool{}}
	var hoist []syntax.Stmt
	body := l.stmts(f.Stmts, []lex{{kind: lexFunc, hoist: &hoist, module: true}})
	f.Stmts = append(hoist, body...)
	return l, l.err
}

// Node builders.

func id(pos syntax.Position, name string) *syntax.Ident { return ident(pos, name) }

func callOf(pos syntax.Position, fn string, args ...syntax.Expr) *syntax.ExprStmt {
	return &syntax.ExprStmt{X: call(pos, fn, args...)}
}

func assignTo(pos syntax.Position, lhs, rhs syntax.Expr) *syntax.AssignStmt {
	return &syntax.AssignStmt{OpPos: pos, Op: syntax.EQ, LHS: lhs, RHS: rhs}
}

func notNone(pos syntax.Position, name string) syntax.Expr {
	return &syntax.BinaryExpr{X: id(pos, name), OpPos: pos, Op: syntax.NEQ, Y: id(pos, "None")}
}

func boolLit(pos syntax.Position, v bool) syntax.Expr {
	if v {
		return id(pos, "True")
	}
	return id(pos, "False")
}

// markerCall is the marker a statement is, if it is a call of one.
func markerCall(e syntax.Expr) (*syntax.CallExpr, string) {
	c, ok := e.(*syntax.CallExpr)
	if !ok {
		return nil, ""
	}
	fn, ok := c.Fn.(*syntax.Ident)
	if !ok || !isMarker(fn.Name) {
		return nil, ""
	}
	return c, fn.Name
}

func markerIdent(e syntax.Expr) string {
	if i, ok := e.(*syntax.Ident); ok && isMarker(i.Name) {
		return i.Name
	}
	return ""
}

func isMarker(name string) bool {
	switch name {
	case "__try__", "__except__", "__else__", "__finally__", "__loop_else__",
		"__classdef__", "__with__", "__raise__", "__assert__", "__global__",
		"__nonlocal__", "__decorator__":
		return true
	}
	return false
}

func (l *lowerer) stmts(list []syntax.Stmt, stack []lex) []syntax.Stmt {
	var out []syntax.Stmt
	var decorators []syntax.Expr
	for i := 0; i < len(list); i++ {
		s := list[i]
		if len(decorators) > 0 {
			switch s := s.(type) {
			case *syntax.DefStmt:
			case *syntax.IfStmt:
				if c, name := markerCall(s.Cond); c == nil || name != "__classdef__" {
					l.errorf(s.If, "invalid syntax")
				}
			case *syntax.ExprStmt:
				if _, name := markerCall(s.X); name != "__decorator__" {
					l.errorf(syntax.Start(s), "invalid syntax")
				}
			default:
				l.errorf(syntax.Start(s), "invalid syntax")
			}
		}
		switch s := s.(type) {
		case *syntax.ExprStmt:
			c, name := markerCall(s.X)
			switch name {
			case "__decorator__":
				if len(c.Args) != 1 {
					l.errorf(c.Lparen, "invalid syntax")
					continue
				}
				decorators = append(decorators, c.Args[0])
				continue
			case "__raise__":
				out = append(out, l.raise(c, stack))
				continue
			case "__assert__":
				out = append(out, l.assert(c))
				continue
			case "__global__", "__nonlocal__":
				for _, a := range c.Args {
					if _, ok := a.(*syntax.Ident); !ok {
						l.errorf(c.Lparen, "invalid syntax")
					}
				}
				out = append(out, s) // scope.go reads and drops it
				continue
			case "":
			default:
				l.errorf(c.Lparen, "invalid syntax")
			}
			out = append(out, s)
		case *syntax.DefStmt:
			pre, post := l.decorate(decorators, s.Name)
			decorators = nil
			var hoist []syntax.Stmt
			body := l.stmts(s.Body, []lex{{kind: lexFunc, hoist: &hoist}})
			s.Body = append(hoist, body...)
			out = append(append(append(out, pre...), s), post...)
		case *syntax.IfStmt:
			if markerIdent(s.Cond) == "__try__" {
				out = append(out, l.try(s, stack)...)
				continue
			}
			if c, name := markerCall(s.Cond); name == "__classdef__" {
				out = append(out, l.class(s, c, decorators, stack)...)
				decorators = nil
				continue
			} else if name == "__with__" {
				out = append(out, l.with(s, c, 0, stack)...)
				continue
			}
			out = append(out, l.ifStmt(s, stack))
		case *syntax.ForStmt, *syntax.WhileStmt:
			var elseBody []syntax.Stmt
			if i+1 < len(list) {
				if next, ok := list[i+1].(*syntax.IfStmt); ok && markerIdent(next.Cond) == "__loop_else__" {
					elseBody = next.True
					i++
				}
			}
			out = append(out, l.loop(s, elseBody, stack)...)
		case *syntax.BranchStmt:
			if s.Token == syntax.PASS {
				out = append(out, s)
				continue
			}
			out = append(out, l.branch(s.Token, s.TokenPos, stack)...)
		case *syntax.ReturnStmt:
			out = append(out, l.ret(s.Return, s.Result, false, stack)...)
		default:
			out = append(out, s)
		}
	}
	if len(decorators) > 0 {
		l.errorf(syntax.Start(decorators[0]), "invalid syntax")
	}
	return out
}

// ifStmt lowers the branches of a plain if statement; a marker in an elif
// is a clause out of place.
func (l *lowerer) ifStmt(s *syntax.IfStmt, stack []lex) syntax.Stmt {
	if name := markerIdent(s.Cond); name != "" {
		l.errorf(s.If, "invalid syntax")
	} else if _, name := markerCall(s.Cond); name != "" {
		l.errorf(s.If, "invalid syntax")
	}
	s.True = l.stmts(s.True, stack)
	s.False = l.stmts(s.False, stack)
	return s
}

// decorate evaluates decorators before the def, as Python does, and
// applies them to the name afterwards, the innermost first.
func (l *lowerer) decorate(decorators []syntax.Expr, name *syntax.Ident) (pre, post []syntax.Stmt) {
	for k := len(decorators) - 1; k >= 0; k-- {
		d := decorators[k]
		pos := syntax.Start(d)
		tmp := l.name("d")
		pre = append([]syntax.Stmt{assignTo(pos, id(pos, tmp), d)}, pre...)
		post = append(post, assignTo(pos, id(name.NamePos, name.Name), call(pos, tmp, id(name.NamePos, name.Name))))
	}
	return pre, post
}

func (l *lowerer) loop(s syntax.Stmt, elseBody []syntax.Stmt, stack []lex) []syntax.Stmt {
	var pos syntax.Position
	flag := ""
	if elseBody != nil {
		flag = l.name("b")
	}
	inner := append(append([]lex(nil), stack...), lex{kind: lexLoop, flag: flag})
	switch s := s.(type) {
	case *syntax.ForStmt:
		pos = s.For
		s.Body = l.stmts(s.Body, inner)
	case *syntax.WhileStmt:
		pos = s.While
		s.Body = l.stmts(s.Body, inner)
	}
	if elseBody == nil {
		return []syntax.Stmt{s}
	}
	return []syntax.Stmt{
		assignTo(pos, id(pos, flag), boolLit(pos, false)),
		s,
		&syntax.IfStmt{If: pos, Cond: &syntax.UnaryExpr{OpPos: pos, Op: syntax.NOT, X: id(pos, flag)}, True: l.stmts(elseBody, stack)},
	}
}

func pops(pos syntax.Position, n int) []syntax.Stmt {
	if n == 0 {
		return nil
	}
	return []syntax.Stmt{callOf(pos, hidden+"pop", &syntax.Literal{Token: syntax.INT, TokenPos: pos, Raw: fmt.Sprint(n), Value: int64(n)})}
}

// branch lowers break or continue: the handlers it leaves are popped, then
// it breaks the loop, or returns a completion from the region it leaves.
func (l *lowerer) branch(tok syntax.Token, pos syntax.Position, stack []lex) []syntax.Stmt {
	n := 0
	for i := len(stack) - 1; i >= 0; i-- {
		switch s := stack[i]; s.kind {
		case lexHandler:
			n++
		case lexLoop:
			out := pops(pos, n)
			if tok == syntax.BREAK && s.flag != "" {
				out = append(out, assignTo(pos, id(pos, s.flag), boolLit(pos, true)))
			}
			return append(out, &syntax.BranchStmt{Token: tok, TokenPos: pos})
		case lexRegion:
			c := hidden + "BREAK"
			if tok == syntax.BREAK {
				s.region.brk = true
			} else {
				s.region.cont = true
				c = hidden + "CONTINUE"
			}
			return append(pops(pos, n), &syntax.ReturnStmt{Return: pos, Result: id(pos, c)})
		case lexFunc:
			i = 0
		}
	}
	if tok == syntax.BREAK {
		l.errorf(pos, "'break' outside loop")
	} else {
		l.errorf(pos, "'continue' not properly in loop")
	}
	return nil
}

// ret lowers a return: the handlers it leaves are popped, then it returns
// from the function, or a completion from the region it leaves. A
// completion is the value of a return that left an inner region.
func (l *lowerer) ret(pos syntax.Position, result syntax.Expr, completion bool, stack []lex) []syntax.Stmt {
	n := 0
	for i := len(stack) - 1; i >= 0; i-- {
		switch s := stack[i]; s.kind {
		case lexHandler:
			n++
		case lexRegion:
			s.region.ret = true
			if !completion {
				if result == nil {
					result = id(pos, "None")
				}
				result = call(pos, hidden+"ret", result)
			}
			return append(pops(pos, n), &syntax.ReturnStmt{Return: pos, Result: result})
		case lexFunc:
			if s.module {
				l.errorf(pos, "'return' outside function")
				return nil
			}
			if completion {
				result = call(pos, hidden+"retval", result)
			}
			return append(pops(pos, n), &syntax.ReturnStmt{Return: pos, Result: result})
		}
	}
	return nil
}

// region makes body a region def, hoisted to the top of the enclosing
// function, and returns its name and the completions that leave it.
func (l *lowerer) region(pos syntax.Position, body []syntax.Stmt, stack []lex, lowered bool) (string, *regionInfo) {
	info := &regionInfo{}
	name := l.name("r")
	if !lowered {
		inner := append(append([]lex(nil), stack...), lex{kind: lexRegion, region: info})
		body = l.stmts(body, inner)
	}
	if len(body) == 0 {
		body = []syntax.Stmt{&syntax.BranchStmt{Token: syntax.PASS, TokenPos: pos}}
	}
	def := &syntax.DefStmt{Def: pos, Name: id(pos, name), Lparen: pos, Rparen: pos, Body: body}
	for i := len(stack) - 1; i >= 0; i-- {
		if stack[i].kind == lexFunc {
			*stack[i].hoist = append(*stack[i].hoist, def)
			break
		}
	}
	return name, info
}

// dispatch carries out a completion c that left a region, in the context
// of the statement the region stands for.
func (l *lowerer) dispatch(pos syntax.Position, c string, info *regionInfo, stack []lex) []syntax.Stmt {
	type arm struct {
		cond syntax.Expr
		body []syntax.Stmt
	}
	var arms []arm
	if info.brk {
		arms = append(arms, arm{&syntax.BinaryExpr{X: id(pos, c), OpPos: pos, Op: syntax.EQL, Y: id(pos, hidden+"BREAK")}, l.branch(syntax.BREAK, pos, stack)})
	}
	if info.cont {
		arms = append(arms, arm{&syntax.BinaryExpr{X: id(pos, c), OpPos: pos, Op: syntax.EQL, Y: id(pos, hidden+"CONTINUE")}, l.branch(syntax.CONTINUE, pos, stack)})
	}
	if info.ret {
		arms = append(arms, arm{nil, l.ret(pos, id(pos, c), true, stack)})
	}
	if len(arms) == 0 {
		return nil
	}
	// The last arm needs no test: it is the only completion left.
	body := arms[len(arms)-1].body
	for k := len(arms) - 2; k >= 0; k-- {
		body = []syntax.Stmt{&syntax.IfStmt{If: pos, Cond: arms[k].cond, True: arms[k].body, ElsePos: pos, False: body}}
	}
	return []syntax.Stmt{&syntax.IfStmt{If: pos, Cond: notNone(pos, c), True: body}}
}

// A try statement's parts, read from its if/elif marker chain.
type tryParts struct {
	body     []syntax.Stmt
	handlers []handler
	orElse   []syntax.Stmt
	finally  []syntax.Stmt
	hasElse  bool
}

type handler struct {
	pos   syntax.Position
	class syntax.Expr // nil: a bare except
	name  *syntax.Ident
	body  []syntax.Stmt
}

func (l *lowerer) tryParts(s *syntax.IfStmt) tryParts {
	p := tryParts{body: s.True}
	rest := s.False
	for len(rest) > 0 {
		clause, ok := rest[0].(*syntax.IfStmt)
		if !ok || len(rest) != 1 {
			l.errorf(s.If, "expected 'except' or 'finally' block")
			return p
		}
		switch {
		case markerIdent(clause.Cond) == "__else__":
			if len(p.handlers) == 0 || p.hasElse || p.finally != nil {
				l.errorf(clause.If, "invalid syntax")
			}
			p.orElse, p.hasElse = clause.True, true
		case markerIdent(clause.Cond) == "__finally__":
			if p.finally != nil {
				l.errorf(clause.If, "invalid syntax")
			}
			p.finally = clause.True
			if p.finally == nil {
				p.finally = []syntax.Stmt{}
			}
		default:
			c, name := markerCall(clause.Cond)
			if name != "__except__" || p.hasElse || p.finally != nil || len(c.Args) > 2 {
				l.errorf(clause.If, "invalid syntax")
				return p
			}
			h := handler{pos: clause.If, body: clause.True}
			if len(p.handlers) > 0 && p.handlers[len(p.handlers)-1].class == nil {
				l.errorf(clause.If, "default 'except:' must be last")
			}
			if len(c.Args) > 0 {
				h.class = c.Args[0]
			}
			if len(c.Args) == 2 {
				n, ok := c.Args[1].(*syntax.Ident)
				if !ok {
					l.errorf(clause.If, "invalid syntax")
					return p
				}
				h.name = n
			}
			p.handlers = append(p.handlers, h)
		}
		rest = clause.False
	}
	if len(p.handlers) == 0 && p.finally == nil {
		l.errorf(s.If, "expected 'except' or 'finally' block")
	}
	return p
}

func (l *lowerer) try(s *syntax.IfStmt, stack []lex) []syntax.Stmt {
	p := l.tryParts(s)
	pos := s.If
	if p.finally == nil {
		return l.tryExcept(pos, p, stack)
	}
	// try ... finally: the rest of the statement is a region of its own.
	info := &regionInfo{}
	inner := append(append([]lex(nil), stack...), lex{kind: lexRegion, region: info})
	var body []syntax.Stmt
	if len(p.handlers) > 0 {
		body = l.tryExcept(pos, p, inner)
	} else {
		body = l.stmts(p.body, inner)
	}
	r, _ := l.region(pos, body, stack, true)
	c, e := l.name("c"), l.name("e")
	out := []syntax.Stmt{
		assignTo(pos, &syntax.TupleExpr{List: []syntax.Expr{id(pos, c), id(pos, e)}}, call(pos, hidden+"try", id(pos, r))),
		callOf(pos, hidden+"push", id(pos, e)),
	}
	fin := append(append([]lex(nil), stack...), lex{kind: lexHandler})
	out = append(out, l.stmts(p.finally, fin)...)
	out = append(out, pops(pos, 1)...)
	out = append(out, &syntax.IfStmt{If: pos, Cond: notNone(pos, e), True: []syntax.Stmt{callOf(pos, hidden+"reraise", id(pos, e))}})
	return append(out, l.dispatch(pos, c, info, stack)...)
}

// tryExcept lowers a try statement's body, handlers and else clause.
func (l *lowerer) tryExcept(pos syntax.Position, p tryParts, stack []lex) []syntax.Stmt {
	r, info := l.region(pos, p.body, stack, false)
	c, e := l.name("c"), l.name("e")
	out := []syntax.Stmt{
		assignTo(pos, &syntax.TupleExpr{List: []syntax.Expr{id(pos, c), id(pos, e)}}, call(pos, hidden+"try", id(pos, r))),
	}
	// The handlers, as an if/elif chain; no match raises e again.
	chain := []syntax.Stmt{callOf(pos, hidden+"reraise", id(pos, e))}
	inHandler := append(append([]lex(nil), stack...), lex{kind: lexHandler, exc: e})
	for k := len(p.handlers) - 1; k >= 0; k-- {
		h := p.handlers[k]
		var body []syntax.Stmt
		if h.name != nil {
			body = append(body, assignTo(h.pos, h.name, id(h.pos, e)))
		}
		body = append(body, callOf(h.pos, hidden+"push", id(h.pos, e)))
		body = append(body, l.stmts(h.body, inHandler)...)
		body = append(body, pops(h.pos, 1)...)
		if h.class == nil {
			chain = body
			continue
		}
		chain = []syntax.Stmt{&syntax.IfStmt{If: h.pos, Cond: call(h.pos, hidden+"match", id(h.pos, e), h.class), True: body, ElsePos: h.pos, False: chain}}
	}
	var orElse []syntax.Stmt
	if p.hasElse {
		orElse = l.stmts(p.orElse, stack)
	}
	dispatch := l.dispatch(pos, c, info, stack)
	var rest []syntax.Stmt
	switch {
	case dispatch != nil && orElse != nil:
		d := dispatch[0].(*syntax.IfStmt)
		d.ElsePos, d.False = pos, orElse
		rest = dispatch
	case dispatch != nil:
		rest = dispatch
	default:
		rest = orElse
	}
	return append(out, &syntax.IfStmt{If: pos, Cond: notNone(pos, e), True: chain, ElsePos: pos, False: rest})
}

// with lowers the item-th context manager of a with statement; the items
// after it are nested inside it, as Python defines them.
func (l *lowerer) with(s *syntax.IfStmt, c *syntax.CallExpr, item int, stack []lex) []syntax.Stmt {
	pos := s.If
	if item == 0 && (len(c.Args) == 0 || len(c.Args)%2 != 0 || s.False != nil) {
		l.errorf(pos, "invalid syntax")
		return nil
	}
	m := l.name("m")
	out := []syntax.Stmt{assignTo(pos, id(pos, m), c.Args[2*item])}
	enter := call(pos, hidden+"enter", id(pos, m))
	if target := c.Args[2*item+1]; markerIdent(target) == "" && !isNone(target) {
		out = append(out, assignTo(pos, target, enter))
	} else {
		out = append(out, &syntax.ExprStmt{X: enter})
	}
	info := &regionInfo{}
	inner := append(append([]lex(nil), stack...), lex{kind: lexRegion, region: info})
	var body []syntax.Stmt
	if 2*(item+1) < len(c.Args) {
		body = l.with(s, c, item+1, inner)
	} else {
		body = l.stmts(s.True, inner)
	}
	r, _ := l.region(pos, body, stack, true)
	cv, e := l.name("c"), l.name("e")
	out = append(out,
		assignTo(pos, &syntax.TupleExpr{List: []syntax.Expr{id(pos, cv), id(pos, e)}}, call(pos, hidden+"try", id(pos, r))),
		callOf(pos, hidden+"exit", id(pos, m), id(pos, e)),
	)
	return append(out, l.dispatch(pos, cv, info, stack)...)
}

func isNone(e syntax.Expr) bool {
	i, ok := e.(*syntax.Ident)
	return ok && i.Name == "None"
}

// raise lowers raise, raise X and raise X from Y. A bare raise inside a
// handler raises that handler's exception; elsewhere the one being handled.
func (l *lowerer) raise(c *syntax.CallExpr, stack []lex) syntax.Stmt {
	pos := c.Lparen
	if fn, ok := c.Fn.(*syntax.Ident); ok {
		pos = fn.NamePos
	}
	if len(c.Args) == 0 {
		for i := len(stack) - 1; i >= 0 && stack[i].kind != lexFunc; i-- {
			if stack[i].kind == lexHandler && stack[i].exc != "" {
				return callOf(pos, hidden+"reraise", id(pos, stack[i].exc))
			}
		}
	}
	return callOf(pos, hidden+"raise", c.Args...)
}

// assert lowers `assert c, m` to `if not c: raise AssertionError(m)`,
// evaluating m only when c is false.
func (l *lowerer) assert(c *syntax.CallExpr) syntax.Stmt {
	pos := c.Lparen
	if fn, ok := c.Fn.(*syntax.Ident); ok {
		pos = fn.NamePos
	}
	if len(c.Args) == 0 || len(c.Args) > 2 {
		l.errorf(pos, "invalid syntax")
		return &syntax.BranchStmt{Token: syntax.PASS, TokenPos: pos}
	}
	cond := &syntax.UnaryExpr{OpPos: pos, Op: syntax.NOT, X: &syntax.ParenExpr{Lparen: pos, X: c.Args[0], Rparen: pos}}
	return &syntax.IfStmt{If: pos, Cond: cond, True: []syntax.Stmt{callOf(pos, hidden+"assert", c.Args[1:]...)}}
}

// class lowers a class statement: its body becomes a def named after the
// class, run once by __sx_class, which returns the namespace it built.
func (l *lowerer) class(s *syntax.IfStmt, c *syntax.CallExpr, decorators []syntax.Expr, stack []lex) []syntax.Stmt {
	pos := s.If
	if s.False != nil || len(c.Args) == 0 {
		l.errorf(pos, "invalid syntax")
		return nil
	}
	name, ok := c.Args[0].(*syntax.Ident)
	if !ok {
		l.errorf(pos, "invalid syntax")
		return nil
	}
	var bases []syntax.Expr
	for _, b := range c.Args[1:] {
		if kw, ok := b.(*syntax.BinaryExpr); ok && kw.Op == syntax.EQ {
			l.errorf(kw.OpPos, "class keyword arguments (%s=) are not supported", kw.X.(*syntax.Ident).Name)
			continue
		}
		bases = append(bases, b)
	}
	var hoist []syntax.Stmt
	body := l.stmts(s.True, []lex{{kind: lexFunc, hoist: &hoist, module: true}})
	body = append(hoist, body...)

	// Zero-argument super() in a method reads the class from a cell the
	// class body makes and __sx_class fills, as CPython's __class__ cell.
	usesSuper := false
	for _, st := range body {
		if def, ok := st.(*syntax.DefStmt); ok && !strings.HasPrefix(def.Name.Name, hidden) && len(def.Params) > 0 {
			self := paramName(def.Params[0])
			if self != "" && superCalls(def.Body, self) {
				usesSuper = true
			}
		}
	}
	cell := hidden + "class"
	var ns []syntax.Expr
	if usesSuper {
		body = append([]syntax.Stmt{assignTo(pos, id(pos, cell), call(pos, hidden+"cell", strLit(pos, "__class__")))}, body...)
		ns = append(ns, &syntax.DictEntry{Key: strLit(pos, "__classcell__"), Colon: pos, Value: id(pos, cell)})
	}
	for _, n := range boundNames(body) {
		ns = append(ns, &syntax.DictEntry{Key: strLit(pos, n), Colon: pos, Value: id(pos, n)})
	}
	body = append(body, &syntax.ReturnStmt{Return: pos, Result: &syntax.DictExpr{Lbrace: pos, List: ns, Rbrace: pos}})
	def := &syntax.DefStmt{Def: pos, Name: id(name.NamePos, name.Name), Lparen: pos, Rparen: pos, Body: body}
	l.classBodies[def] = true

	pre, post := l.decorate(decorators, name)
	args := append([]syntax.Expr{strLit(pos, l.module), strLit(pos, name.Name), id(pos, name.Name)}, bases...)
	build := assignTo(pos, id(name.NamePos, name.Name), call(pos, hidden+"class", args...))
	return append(append(pre, def, build), post...)
}

func paramName(p syntax.Expr) string {
	switch p := p.(type) {
	case *syntax.Ident:
		return p.Name
	case *syntax.BinaryExpr:
		if i, ok := p.X.(*syntax.Ident); ok {
			return i.Name
		}
	}
	return ""
}

// superCalls rewrites super() in a method body (and its regions, not its
// nested defs) to __sx_super(__sx_class, self); it reports whether any was.
func superCalls(body []syntax.Stmt, self string) bool {
	found := false
	var walk func(n syntax.Node) bool
	walk = func(n syntax.Node) bool {
		switch n := n.(type) {
		case *syntax.DefStmt:
			if !strings.HasPrefix(n.Name.Name, regionPrefix) {
				return false
			}
		case *syntax.LambdaExpr:
			return false
		case *syntax.CallExpr:
			if fn, ok := n.Fn.(*syntax.Ident); ok && fn.Name == "super" && len(n.Args) == 0 {
				fn.Name = hidden + "super"
				n.Args = []syntax.Expr{id(fn.NamePos, hidden+"class"), id(fn.NamePos, self)}
				found = true
			}
		}
		return true
	}
	for _, s := range body {
		syntax.Walk(s, walk)
	}
	return found
}

// boundNames are the names a class body binds at its own level, in order.
func boundNames(body []syntax.Stmt) []string {
	var names []string
	seen := map[string]bool{}
	add := func(n string) {
		if !seen[n] && !strings.HasPrefix(n, hidden) {
			seen[n] = true
			names = append(names, n)
		}
	}
	var stmts func([]syntax.Stmt)
	stmts = func(list []syntax.Stmt) {
		for _, s := range list {
			switch s := s.(type) {
			case *syntax.AssignStmt:
				targetNames(s.LHS, add)
			case *syntax.DefStmt:
				if strings.HasPrefix(s.Name.Name, regionPrefix) {
					stmts(s.Body)
				} else {
					add(s.Name.Name)
				}
			case *syntax.ForStmt:
				targetNames(s.Vars, add)
				stmts(s.Body)
			case *syntax.WhileStmt:
				stmts(s.Body)
			case *syntax.IfStmt:
				stmts(s.True)
				stmts(s.False)
			}
		}
	}
	stmts(body)
	return names
}

// targetNames calls add for each name an assignment target binds.
func targetNames(e syntax.Expr, add func(string)) {
	switch e := e.(type) {
	case *syntax.Ident:
		add(e.Name)
	case *syntax.TupleExpr:
		for _, x := range e.List {
			targetNames(x, add)
		}
	case *syntax.ListExpr:
		for _, x := range e.List {
			targetNames(x, add)
		}
	case *syntax.ParenExpr:
		targetNames(e.X, add)
	}
}
