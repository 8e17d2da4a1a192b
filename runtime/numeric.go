package runtime

import (
	"strings"

	"go.starlark.net/syntax"
)

// Numbers: the rewriter turns comparisons and += into calls of helpers so
// that bytearray == bytes and a bytearray's += work as in Python (see
// rewrite.go); a call costs about as much as the loop step around it. A
// comparison or += on a variable that only ever holds numbers needs no
// helper, and a counting loop keeps Starlark's own operators. This pass
// finds those variables: the names (and cells) every assignment of which
// gives a number, as far as the source shows it.

// numVar is one variable: a name in a scope, or a cell.
type numVar struct {
	numeric bool
	rhs     []numRHS // what assignments give it
}

// numRHS is an assigned expression and the scope it is evaluated in.
type numRHS struct {
	e  syntax.Expr
	sc *numScope
}

// numScope is a def, lambda or comprehension, or the module.
type numScope struct {
	parent *numScope
	vars   map[string]*numVar
}

type numbers struct {
	scopes map[syntax.Node]*numScope
	module *numScope
	cells  map[string]*numVar // by the cell's name, the whole file alike
	all    []*numVar
}

func newNumScope(parent *numScope) *numScope {
	return &numScope{parent: parent, vars: map[string]*numVar{}}
}

// findNumbers analyses a lowered file.
func findNumbers(f *syntax.File) *numbers {
	n := &numbers{scopes: map[syntax.Node]*numScope{}, cells: map[string]*numVar{}}
	n.module = newNumScope(nil)
	n.stmts(f.Stmts, n.module)
	// Assume every variable numeric, then drop those an assignment proves
	// otherwise, until nothing changes.
	for changed := true; changed; {
		changed = false
		for _, v := range n.all {
			if !v.numeric {
				continue
			}
			for _, r := range v.rhs {
				if !n.isNumber(r.e, r.sc) {
					v.numeric = false
					changed = true
					break
				}
			}
		}
	}
	return n
}

func (n *numbers) variable(sc *numScope, name string) *numVar { return n.varIn(sc.vars, name) }

func (n *numbers) cell(name string) *numVar { return n.varIn(n.cells, name) }

// varIn is name's variable in vars, made (numeric until shown otherwise)
// on first use.
func (n *numbers) varIn(vars map[string]*numVar, name string) *numVar {
	v, ok := vars[name]
	if !ok {
		v = &numVar{numeric: true}
		vars[name] = v
		n.all = append(n.all, v)
	}
	return v
}

// cellOf is the cell name of __sx_v_NAME.v, or "".
func cellOf(e syntax.Expr) string {
	d, ok := e.(*syntax.DotExpr)
	if !ok || d.Name.Name != "v" {
		return ""
	}
	id, ok := d.X.(*syntax.Ident)
	if !ok || !strings.HasPrefix(id.Name, hidden+"v_") {
		return ""
	}
	return strings.TrimPrefix(id.Name, hidden+"v_")
}

// target records what an assignment binds: a single name or cell gets rhs
// (nil: not a number), anything unpacked is not a number.
func (n *numbers) target(e syntax.Expr, rhs syntax.Expr, sc *numScope) {
	var v *numVar
	switch x := e.(type) {
	case *syntax.Ident:
		v = n.variable(sc, x.Name)
	case *syntax.ParenExpr:
		n.target(x.X, rhs, sc)
		return
	case *syntax.TupleExpr:
		for _, y := range x.List {
			n.target(y, nil, sc)
		}
		return
	case *syntax.ListExpr:
		for _, y := range x.List {
			n.target(y, nil, sc)
		}
		return
	default:
		if c := cellOf(e); c != "" {
			v = n.cell(c)
		}
	}
	if v == nil {
		n.expr(e, sc)
		return
	}
	if rhs == nil {
		v.numeric = false
		return
	}
	v.rhs = append(v.rhs, numRHS{rhs, sc})
}

func (n *numbers) stmts(list []syntax.Stmt, sc *numScope) {
	for _, s := range list {
		n.stmt(s, sc)
	}
}

func (n *numbers) stmt(s syntax.Stmt, sc *numScope) {
	switch s := s.(type) {
	case *syntax.AssignStmt:
		if id, ok := s.LHS.(*syntax.Ident); ok && strings.HasPrefix(id.Name, hidden+"v_") {
			// A cell made with a value holds a parameter's: not known.
			if c, ok := s.RHS.(*syntax.CallExpr); ok && len(c.Args) > 1 {
				n.cell(strings.TrimPrefix(id.Name, hidden+"v_")).numeric = false
			}
		}
		n.target(s.LHS, s.RHS, sc)
		n.expr(s.RHS, sc)
	case *syntax.DefStmt:
		n.variable(sc, s.Name.Name).numeric = false
		inner := newNumScope(sc)
		n.scopes[s] = inner
		n.params(s.Params, sc, inner)
		n.stmts(s.Body, inner)
	case *syntax.ExprStmt:
		n.expr(s.X, sc)
	case *syntax.ForStmt:
		n.loopVars(s.Vars, s.X, sc)
		n.expr(s.X, sc)
		n.stmts(s.Body, sc)
	case *syntax.WhileStmt:
		n.expr(s.Cond, sc)
		n.stmts(s.Body, sc)
	case *syntax.IfStmt:
		n.expr(s.Cond, sc)
		n.stmts(s.True, sc)
		n.stmts(s.False, sc)
	case *syntax.ReturnStmt:
		if s.Result != nil {
			n.expr(s.Result, sc)
		}
	}
}

// params binds a def's or lambda's parameters in inner; their defaults are
// evaluated in outer.
func (n *numbers) params(params []syntax.Expr, outer, inner *numScope) {
	for _, p := range params {
		switch p := p.(type) {
		case *syntax.Ident:
			n.variable(inner, p.Name).numeric = false
		case *syntax.BinaryExpr:
			if id, ok := p.X.(*syntax.Ident); ok {
				n.variable(inner, id.Name).numeric = false
			}
			n.expr(p.Y, outer)
		case *syntax.UnaryExpr:
			if id, ok := p.X.(*syntax.Ident); ok {
				n.variable(inner, id.Name).numeric = false
			}
		}
	}
}

// loopVars binds a for loop's variables: numbers when it walks a range().
func (n *numbers) loopVars(vars, x syntax.Expr, sc *numScope) {
	if call, ok := x.(*syntax.CallExpr); ok && n.isBuiltin(call.Fn, sc, "range") {
		if _, single := vars.(*syntax.Ident); single || cellOf(vars) != "" {
			n.target(vars, &syntax.Literal{Token: syntax.INT}, sc)
			return
		}
	}
	n.target(vars, nil, sc)
}

func (n *numbers) expr(e syntax.Expr, sc *numScope) {
	switch e := e.(type) {
	case *syntax.BinaryExpr:
		n.expr(e.X, sc)
		n.expr(e.Y, sc)
	case *syntax.UnaryExpr:
		if e.X != nil {
			n.expr(e.X, sc)
		}
	case *syntax.ParenExpr:
		n.expr(e.X, sc)
	case *syntax.CallExpr:
		n.expr(e.Fn, sc)
		for _, a := range e.Args {
			n.expr(a, sc)
		}
	case *syntax.CondExpr:
		n.expr(e.Cond, sc)
		n.expr(e.True, sc)
		n.expr(e.False, sc)
	case *syntax.LambdaExpr:
		inner := newNumScope(sc)
		n.scopes[e] = inner
		n.params(e.Params, sc, inner)
		n.expr(e.Body, inner)
	case *syntax.Comprehension:
		inner := newNumScope(sc)
		n.scopes[e] = inner
		for _, c := range e.Clauses {
			switch c := c.(type) {
			case *syntax.ForClause:
				n.expr(c.X, inner)
				n.loopVars(c.Vars, c.X, inner)
			case *syntax.IfClause:
				n.expr(c.Cond, inner)
			}
		}
		n.expr(e.Body, inner)
	default:
		containerParts(e, func(x syntax.Expr) { n.expr(x, sc) })
	}
}

// containerParts calls part on each subexpression of a dict, list, tuple,
// dict entry, attribute, index or slice expression, in order: the kinds
// the numbers and measure analyses walk alike, in the same scope.
func containerParts(e syntax.Expr, part func(syntax.Expr)) {
	switch e := e.(type) {
	case *syntax.DictExpr:
		for _, x := range e.List {
			part(x)
		}
	case *syntax.DictEntry:
		part(e.Key)
		part(e.Value)
	case *syntax.ListExpr:
		for _, x := range e.List {
			part(x)
		}
	case *syntax.TupleExpr:
		for _, x := range e.List {
			part(x)
		}
	case *syntax.DotExpr:
		part(e.X)
	case *syntax.IndexExpr:
		part(e.X)
		part(e.Y)
	case *syntax.SliceExpr:
		for _, x := range []syntax.Expr{e.X, e.Lo, e.Hi, e.Step} {
			if x != nil {
				part(x)
			}
		}
	}
}

// lookup is the variable a name means in sc, or nil for a builtin.
func (n *numbers) lookup(sc *numScope, name string) *numVar {
	for s := sc; s != nil; s = s.parent {
		if v, ok := s.vars[name]; ok {
			return v
		}
	}
	return nil
}

// isBuiltin reports whether fn names one of the builtins, unshadowed.
func (n *numbers) isBuiltin(fn syntax.Expr, sc *numScope, names ...string) bool {
	id, ok := fn.(*syntax.Ident)
	if !ok || n.lookup(sc, id.Name) != nil {
		return false
	}
	for _, name := range names {
		if id.Name == name {
			return true
		}
	}
	return false
}

// isNumber reports whether e, evaluated in sc, always gives a number (or
// fails): on the variables' current verdicts.
func (n *numbers) isNumber(e syntax.Expr, sc *numScope) bool {
	switch e := e.(type) {
	case *syntax.Literal:
		return e.Token == syntax.INT || e.Token == syntax.FLOAT
	case *syntax.Ident:
		v := n.lookup(sc, e.Name)
		return v != nil && v.numeric
	case *syntax.DotExpr:
		if c := cellOf(e); c != "" {
			return n.cells[c] != nil && n.cells[c].numeric
		}
	case *syntax.ParenExpr:
		return n.isNumber(e.X, sc)
	case *syntax.UnaryExpr:
		switch e.Op {
		case syntax.MINUS, syntax.PLUS, syntax.TILDE:
			return n.isNumber(e.X, sc)
		}
	case *syntax.BinaryExpr:
		switch e.Op {
		case syntax.PLUS, syntax.MINUS, syntax.STAR, syntax.SLASH, syntax.SLASHSLASH, syntax.PERCENT,
			syntax.AMP, syntax.PIPE, syntax.CIRCUMFLEX, syntax.LTLT, syntax.GTGT:
			return n.isNumber(e.X, sc) && n.isNumber(e.Y, sc)
		}
	case *syntax.CondExpr:
		return n.isNumber(e.True, sc) && n.isNumber(e.False, sc)
	case *syntax.CallExpr:
		switch {
		case n.isBuiltin(e.Fn, sc, "len", "int", "float", "ord", "hash", "round", "id"):
			return true
		case n.isBuiltin(e.Fn, sc, "abs", "pow", "min", "max"):
			if len(e.Args) == 0 || (len(e.Args) == 1 && !n.isBuiltin(e.Fn, sc, "abs")) {
				return false // min(list) is an item of the list
			}
			for _, a := range e.Args {
				if !n.isNumber(a, sc) {
					return false
				}
			}
			return true
		}
	}
	return false
}
