package runtime

import (
	"go.starlark.net/resolve"
	"go.starlark.net/syntax"

	"sockstar/runtime/host"
)

// measuredCalls finds, in a resolved file, the calls whose results the
// script only measures: a builtin called there may make its result in memory
// it reuses at the next run of the same call (host.Scratch), as CPython
// reuses a buffer whose last reference went away. A result is measured when
// it is dropped, tested for truth, compared, or passed to len; or when it is
// assigned to a variable whose every use is one of those, so that the
// variable holds the only reference until the same call assigns it again.
// Anything else (kept in a container, passed to a function, returned,
// sliced, captured by a nested function, read by a function when global)
// keeps the result, and its call gets fresh memory.
func measuredCalls(f *syntax.File) map[host.Site]bool {
	a := &measureWalk{vars: map[*resolve.Binding]*varUses{}, calls: map[host.Site]bool{}}
	a.stmts(f.Stmts)
	for b, v := range a.vars {
		if v.mayKeep(b) {
			for _, site := range v.assigned {
				a.calls[site] = false
			}
			continue
		}
		for _, site := range v.assigned {
			a.measure(site)
		}
	}
	sites := map[host.Site]bool{}
	for site, measured := range a.calls {
		if measured {
			sites[site] = true
		}
	}
	return sites
}

// varUses is what the walk learned of one variable.
type varUses struct {
	kept     bool        // some use may keep its value
	inFunc   bool        // some use is inside a function (for a global)
	assigned []host.Site // the calls whose results are assigned to it
}

// mayKeep reports whether the variable may hold a value past the next run
// of a call assigned to it: a use keeps it, a function reads it as a
// global (perhaps in another thread), or a closure shares it.
func (v *varUses) mayKeep(b *resolve.Binding) bool {
	switch b.Scope {
	case resolve.Local:
		return v.kept
	case resolve.Global:
		return v.kept || v.inFunc
	}
	return true
}

type measureWalk struct {
	vars  map[*resolve.Binding]*varUses
	calls map[host.Site]bool // false: some call there keeps its result
	depth int                // functions entered
}

func siteOf(call *syntax.CallExpr) host.Site {
	return host.Site{File: call.Lparen.Filename(), Line: call.Lparen.Line, Col: call.Lparen.Col}
}

// measure marks a call's site measured, unless another call that the
// rewriter placed at the same position keeps its result.
func (a *measureWalk) measure(site host.Site) {
	if _, seen := a.calls[site]; !seen {
		a.calls[site] = true
	}
}

func (a *measureWalk) uses(id *syntax.Ident) *varUses {
	b, _ := id.Binding.(*resolve.Binding)
	if b == nil {
		return nil
	}
	v := a.vars[b]
	if v == nil {
		v = &varUses{}
		a.vars[b] = v
	}
	return v
}

func (a *measureWalk) stmts(list []syntax.Stmt) {
	for _, s := range list {
		a.stmt(s)
	}
}

func (a *measureWalk) stmt(s syntax.Stmt) {
	switch s := s.(type) {
	case *syntax.AssignStmt:
		id, isVar := s.LHS.(*syntax.Ident)
		call, isCall := s.RHS.(*syntax.CallExpr)
		if s.Op == syntax.EQ && isVar && isCall {
			if v := a.uses(id); v != nil {
				site := siteOf(call)
				v.assigned = append(v.assigned, site)
				a.callParts(call)
				return
			}
		}
		if s.Op != syntax.EQ {
			a.expr(s.LHS, true) // x += y reads x
		} else {
			a.target(s.LHS)
		}
		a.expr(s.RHS, true)
	case *syntax.DefStmt:
		a.params(s.Params)
		a.depth++
		a.stmts(s.Body)
		a.depth--
	case *syntax.ExprStmt:
		a.expr(s.X, false)
	case *syntax.IfStmt:
		a.expr(s.Cond, false)
		a.stmts(s.True)
		a.stmts(s.False)
	case *syntax.WhileStmt:
		a.expr(s.Cond, false)
		a.stmts(s.Body)
	case *syntax.ForStmt:
		a.target(s.Vars)
		a.expr(s.X, true)
		a.stmts(s.Body)
	case *syntax.ReturnStmt:
		if s.Result != nil {
			a.expr(s.Result, true)
		}
	}
}

// params walks parameter defaults, which the enclosing code evaluates.
func (a *measureWalk) params(params []syntax.Expr) {
	for _, p := range params {
		if b, ok := p.(*syntax.BinaryExpr); ok && b.Op == syntax.EQ {
			a.expr(b.Y, true)
		}
	}
}

// target walks what an assignment binds: names are not uses, but the
// operands of x[i] = and x.f = are.
func (a *measureWalk) target(e syntax.Expr) {
	switch e := e.(type) {
	case *syntax.Ident:
	case *syntax.ParenExpr:
		a.target(e.X)
	case *syntax.TupleExpr:
		for _, x := range e.List {
			a.target(x)
		}
	case *syntax.ListExpr:
		for _, x := range e.List {
			a.target(x)
		}
	default:
		a.expr(e, true)
	}
}

// callParts walks a call's callee and arguments, all of which it may keep
// but len's.
func (a *measureWalk) callParts(call *syntax.CallExpr) {
	if isLen(call) {
		a.expr(call.Args[0], false)
		return
	}
	if isCompare(call) {
		// A comparison the rewriter made a call only measures its operands.
		a.expr(call.Args[0], false)
		a.expr(call.Args[1], false)
		return
	}
	a.expr(call.Fn, true)
	for _, arg := range call.Args {
		switch arg := arg.(type) {
		case *syntax.BinaryExpr:
			if arg.Op == syntax.EQ { // name=value
				a.expr(arg.Y, true)
				continue
			}
			a.expr(arg, true)
		case *syntax.UnaryExpr:
			if arg.X != nil {
				a.expr(arg.X, true)
			}
		default:
			a.expr(arg, true)
		}
	}
}

// expr walks an expression whose value the code around it keeps (kept) or
// only measures (not kept).
func (a *measureWalk) expr(e syntax.Expr, kept bool) {
	switch e := e.(type) {
	case *syntax.Ident:
		if v := a.uses(e); v != nil {
			v.kept = v.kept || kept
			v.inFunc = v.inFunc || a.depth > 0
		}
	case *syntax.ParenExpr:
		a.expr(e.X, kept)
	case *syntax.CallExpr:
		site := siteOf(e)
		if kept {
			a.calls[site] = false
		} else {
			a.measure(site)
		}
		a.callParts(e)
	case *syntax.UnaryExpr:
		if e.X != nil {
			a.expr(e.X, kept && e.Op != syntax.NOT)
		}
	case *syntax.BinaryExpr:
		switch e.Op {
		case syntax.EQL, syntax.NEQ, syntax.LT, syntax.GT, syntax.LE, syntax.GE:
			a.expr(e.X, false)
			a.expr(e.Y, false)
		case syntax.IN, syntax.NOT_IN:
			// A container the script defines could keep what it is asked about.
			a.expr(e.X, true)
			a.expr(e.Y, false)
		case syntax.AND, syntax.OR:
			// x or y is one of its operands.
			a.expr(e.X, kept)
			a.expr(e.Y, kept)
		default:
			a.expr(e.X, true)
			a.expr(e.Y, true)
		}
	case *syntax.CondExpr:
		a.expr(e.Cond, false)
		a.expr(e.True, kept)
		a.expr(e.False, kept)
	case *syntax.Comprehension:
		for _, c := range e.Clauses {
			switch c := c.(type) {
			case *syntax.ForClause:
				a.target(c.Vars)
				a.expr(c.X, true)
			case *syntax.IfClause:
				a.expr(c.Cond, false)
			}
		}
		a.expr(e.Body, true)
	case *syntax.LambdaExpr:
		a.params(e.Params)
		a.depth++
		a.expr(e.Body, true)
		a.depth--
	default:
		containerParts(e, func(x syntax.Expr) { a.expr(x, true) })
	}
}

// isCompare reports whether call is a comparison helper of the rewriter's.
func isCompare(call *syntax.CallExpr) bool {
	fn, ok := call.Fn.(*syntax.Ident)
	return ok && len(call.Args) == 2 && compareHelperName(fn.Name)
}

func compareHelperName(name string) bool {
	switch name {
	case "__sx_eq", "__sx_ne", "__sx_lt", "__sx_le", "__sx_gt", "__sx_ge":
		return true
	}
	return false
}

// isLen reports whether call is len(x) with the builtin len.
func isLen(call *syntax.CallExpr) bool {
	fn, ok := call.Fn.(*syntax.Ident)
	if !ok || fn.Name != "len" || len(call.Args) != 1 {
		return false
	}
	if _, named := call.Args[0].(*syntax.BinaryExpr); named {
		return false
	}
	if _, star := call.Args[0].(*syntax.UnaryExpr); star {
		return false
	}
	b, _ := fn.Binding.(*resolve.Binding)
	return b != nil && (b.Scope == resolve.Predeclared || b.Scope == resolve.Universal)
}
