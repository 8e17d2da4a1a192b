package runtime

import (
	"strings"

	"go.starlark.net/starlark"
	"go.starlark.net/syntax"

	"sockstar/runtime/py"
)

// Cells: a Starlark def cannot assign a name of the function around it, nor
// a global. Python code does both: a try body (a region def after lowering)
// assigns its function's locals, `global` and `nonlocal` rebind outer
// names. Each such name becomes a cell, a hidden variable __sx_v_NAME
// holding a box made once where its scope starts, and every use of the
// name in that scope and the scopes inside it reads or writes NAME's box:
//
//	x = 1   ->  __sx_v_x.v = 1
//	f(x)    ->  f(__sx_v_x.v)
//
// Reading an empty box raises UnboundLocalError (NameError at module
// level), as CPython does. Only names that need it are boxed, so code
// without try, with, global or nonlocal is compiled as before.

type scopeKind int

const (
	scopeModule scopeKind = iota
	scopeFunc
	scopeClass
	scopeInner // a lambda or a comprehension
)

type scope struct {
	parent    *scope
	kind      scopeKind
	bound     map[string]bool
	inRegion  map[string]bool
	globals   map[string]bool
	nonlocals map[string]bool
	params    map[string]bool
	boxed     map[string]bool
	order     []string // boxed names, in the order first bound
}

func newScope(parent *scope, kind scopeKind) *scope {
	return &scope{
		parent: parent, kind: kind,
		bound: map[string]bool{}, inRegion: map[string]bool{},
		globals: map[string]bool{}, nonlocals: map[string]bool{},
		params: map[string]bool{}, boxed: map[string]bool{},
	}
}

type scoper struct {
	known  func(string) bool
	module *scope
	scopes map[syntax.Node]*scope
	all    []*scope
	class  map[*syntax.DefStmt]bool
	err    error
}

func cellName(name string) string { return hidden + "v_" + name }

// boxNames turns the names that need it into cells, in place.
// known, if set, names the globals an earlier input of an interactive
// session made: they are no NameError.
func boxNames(f *syntax.File, classBodies map[*syntax.DefStmt]bool, known func(string) bool) error {
	s := &scoper{scopes: map[syntax.Node]*scope{}, class: classBodies, known: known}
	s.module = newScope(nil, scopeModule)
	s.all = append(s.all, s.module)
	s.collect(f.Stmts, s.module, false)
	s.decide()
	if s.err != nil {
		return s.err
	}
	body := s.rewrite(f.Stmts, s.module)
	// The module's boxes come first, and the file's first statement gives
	// every module-level frame its file name: a position with the file.
	f.Stmts = append(s.cellInits(s.module, syntax.MakePosition(&f.Path, 1, 1)), body...)
	return s.err
}

func (s *scoper) errorf(pos syntax.Position, msg string) {
	if s.err == nil {
		s.err = syntax.Error{Pos: pos, Msg: msg}
	}
}

func (sc *scope) bind(name string, inRegion bool) {
	if strings.HasPrefix(name, hidden) {
		return
	}
	if !sc.bound[name] && !sc.inRegion[name] {
		sc.order = append(sc.order, name)
	}
	sc.bound[name] = true
	if inRegion {
		sc.inRegion[name] = true
	}
}

func (s *scoper) bindTarget(e syntax.Expr, sc *scope, inRegion bool) {
	targetNames(e, func(n string) { sc.bind(n, inRegion) })
	s.collectExpr(e, sc)
}

func declMarker(st syntax.Stmt) (*syntax.CallExpr, string) {
	es, ok := st.(*syntax.ExprStmt)
	if !ok {
		return nil, ""
	}
	c, name := markerCall(es.X)
	if name == "__global__" || name == "__nonlocal__" {
		return c, name
	}
	return nil, ""
}

func (s *scoper) collect(list []syntax.Stmt, sc *scope, inRegion bool) {
	for _, st := range list {
		switch st := st.(type) {
		case *syntax.AssignStmt:
			s.bindTarget(st.LHS, sc, inRegion)
			s.collectExpr(st.RHS, sc)
		case *syntax.ExprStmt:
			if c, name := declMarker(st); c != nil {
				for _, a := range c.Args {
					n := a.(*syntax.Ident)
					if sc.kind == scopeModule && name == "__nonlocal__" {
						s.errorf(n.NamePos, "nonlocal declaration not allowed at module level")
					}
					if name == "__global__" {
						sc.globals[n.Name] = true
					} else {
						sc.nonlocals[n.Name] = true
					}
				}
				continue
			}
			s.collectExpr(st.X, sc)
		case *syntax.DefStmt:
			for _, p := range st.Params {
				if b, ok := p.(*syntax.BinaryExpr); ok && b.Op == syntax.EQ {
					s.collectExpr(b.Y, sc)
				}
			}
			if strings.HasPrefix(st.Name.Name, regionPrefix) {
				s.collect(st.Body, sc, true)
				continue
			}
			sc.bind(st.Name.Name, inRegion)
			kind := scopeFunc
			if s.class[st] {
				kind = scopeClass
			}
			child := newScope(sc, kind)
			s.scopes[st] = child
			s.all = append(s.all, child)
			for _, p := range st.Params {
				if n := paramName(p); n != "" {
					child.params[n] = true
					child.bind(n, false)
				} else if u, ok := p.(*syntax.UnaryExpr); ok && u.X != nil {
					if n, ok := u.X.(*syntax.Ident); ok {
						child.params[n.Name] = true
						child.bind(n.Name, false)
					}
				}
			}
			s.collect(st.Body, child, false)
		case *syntax.ForStmt:
			s.bindTarget(st.Vars, sc, inRegion)
			s.collectExpr(st.X, sc)
			s.collect(st.Body, sc, inRegion)
		case *syntax.WhileStmt:
			s.collectExpr(st.Cond, sc)
			s.collect(st.Body, sc, inRegion)
		case *syntax.IfStmt:
			s.collectExpr(st.Cond, sc)
			s.collect(st.True, sc, inRegion)
			s.collect(st.False, sc, inRegion)
		case *syntax.ReturnStmt:
			if st.Result != nil {
				s.collectExpr(st.Result, sc)
			}
		}
	}
}

// collectExpr finds the lambdas and comprehensions inside e: scopes of their own.
func (s *scoper) collectExpr(e syntax.Expr, sc *scope) {
	if e == nil {
		return
	}
	syntax.Walk(e, func(n syntax.Node) bool {
		switch n := n.(type) {
		case *syntax.LambdaExpr:
			child := newScope(sc, scopeInner)
			s.scopes[n] = child
			s.all = append(s.all, child)
			for _, p := range n.Params {
				if b, ok := p.(*syntax.BinaryExpr); ok && b.Op == syntax.EQ {
					s.collectExpr(b.Y, sc)
				}
				if name := paramName(p); name != "" {
					child.bind(name, false)
				} else if u, ok := p.(*syntax.UnaryExpr); ok && u.X != nil {
					if id, ok := u.X.(*syntax.Ident); ok {
						child.bind(id.Name, false)
					}
				}
			}
			s.collectExpr(n.Body, child)
			return false
		case *syntax.Comprehension:
			child := newScope(sc, scopeInner)
			s.scopes[n] = child
			s.all = append(s.all, child)
			for _, c := range n.Clauses {
				switch c := c.(type) {
				case *syntax.ForClause:
					targetNames(c.Vars, func(v string) { child.bind(v, false) })
					s.collectExpr(c.X, child)
				case *syntax.IfClause:
					s.collectExpr(c.Cond, child)
				}
			}
			s.collectExpr(n.Body, child)
			return false
		}
		return true
	})
}

// decide picks the boxed names of every scope.
func (s *scoper) decide() {
	for _, sc := range s.all {
		for n := range sc.globals {
			delete(sc.bound, n)
			s.module.bind(n, false)
			s.module.boxed[n] = true
		}
		for n := range sc.nonlocals {
			delete(sc.bound, n)
		}
	}
	for _, sc := range s.all {
		for n := range sc.nonlocals {
			// The nearest enclosing function that binds n owns it.
			owner := sc.parent
			for owner != nil && owner.kind != scopeModule && (owner.kind == scopeClass || !owner.bound[n]) {
				owner = owner.parent
			}
			if owner == nil || owner.kind == scopeModule {
				s.errorf(syntax.Position{}, "no binding for nonlocal '"+n+"' found")
				continue
			}
			owner.boxed[n] = true
		}
		for n := range sc.inRegion {
			if sc.bound[n] {
				sc.boxed[n] = true
			}
		}
	}
}

// resolve is the scope whose binding of name a use in sc refers to, or nil
// for a builtin.
func (s *scoper) resolve(name string, sc *scope) *scope {
	for at := sc; at != nil; at = at.parent {
		if at.globals[name] {
			return s.module
		}
		if at.nonlocals[name] {
			continue
		}
		// A class body's names are not visible in the functions inside it.
		if at.kind == scopeClass && at != sc {
			continue
		}
		if at.bound[name] {
			return at
		}
	}
	return nil
}

func (s *scoper) boxedIn(name string, sc *scope) bool {
	if strings.HasPrefix(name, hidden) {
		return false
	}
	owner := s.resolve(name, sc)
	return owner != nil && owner.boxed[name]
}

// undefined reports whether a name used in sc is bound nowhere: no scope,
// no builtin.
func (s *scoper) undefined(name string, sc *scope) bool {
	if strings.HasPrefix(name, hidden) || s.resolve(name, sc) != nil || s.module.bound[name] {
		return false
	}
	if s.known != nil && s.known(name) {
		return false
	}
	if _, ok := starlark.Universe[name]; ok {
		return false
	}
	if _, ok := py.Builtin(name); ok {
		return false
	}
	return name != "__import__" && name != "__import_from__" && name != "help" && !isMarker(name)
}

func cellRef(pos syntax.Position, name string) syntax.Expr {
	return &syntax.DotExpr{X: id(pos, cellName(name)), Dot: pos, NamePos: pos, Name: id(pos, "v")}
}

// cellInits makes the boxes of a scope where it starts; a boxed parameter's
// box holds the argument.
func (s *scoper) cellInits(sc *scope, pos syntax.Position) []syntax.Stmt {
	var out []syntax.Stmt
	for _, n := range sc.order {
		if !sc.boxed[n] {
			continue
		}
		fn := hidden + "cell"
		if sc.kind == scopeModule {
			fn = hidden + "gcell"
		}
		args := []syntax.Expr{strLit(pos, n)}
		if sc.params[n] {
			args = append(args, id(pos, n))
		}
		out = append(out, assignTo(pos, id(pos, cellName(n)), call(pos, fn, args...)))
	}
	// Boxed names bound only by global declarations come last.
	if sc.kind == scopeModule {
		for n := range sc.boxed {
			if !contains(sc.order, n) {
				out = append(out, assignTo(pos, id(pos, cellName(n)), call(pos, hidden+"gcell", strLit(pos, n))))
			}
		}
	}
	return out
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func (s *scoper) rewrite(list []syntax.Stmt, sc *scope) []syntax.Stmt {
	out := list[:0:0]
	for _, st := range list {
		switch st := st.(type) {
		case *syntax.AssignStmt:
			st.LHS = s.target(st.LHS, sc)
			st.RHS = s.expr(st.RHS, sc)
		case *syntax.ExprStmt:
			if c, _ := declMarker(st); c != nil {
				continue
			}
			st.X = s.expr(st.X, sc)
		case *syntax.DefStmt:
			for _, p := range st.Params {
				if b, ok := p.(*syntax.BinaryExpr); ok && b.Op == syntax.EQ {
					b.Y = s.expr(b.Y, sc)
				}
			}
			if strings.HasPrefix(st.Name.Name, regionPrefix) {
				st.Body = s.rewrite(st.Body, sc)
				out = append(out, st)
				continue
			}
			child := s.scopes[st]
			st.Body = append(s.cellInits(child, st.Def), s.rewrite(st.Body, child)...)
			out = append(out, st)
			if s.boxedIn(st.Name.Name, sc) {
				pos := st.Name.NamePos
				out = append(out, assignTo(pos, cellRef(pos, st.Name.Name), id(pos, st.Name.Name)))
			}
			continue
		case *syntax.ForStmt:
			st.Vars = s.target(st.Vars, sc)
			st.X = s.expr(st.X, sc)
			st.Body = s.rewrite(st.Body, sc)
		case *syntax.WhileStmt:
			st.Cond = s.expr(st.Cond, sc)
			st.Body = s.rewrite(st.Body, sc)
		case *syntax.IfStmt:
			st.Cond = s.expr(st.Cond, sc)
			st.True = s.rewrite(st.True, sc)
			st.False = s.rewrite(st.False, sc)
		case *syntax.ReturnStmt:
			if st.Result != nil {
				st.Result = s.expr(st.Result, sc)
			}
		}
		out = append(out, st)
	}
	if len(out) == 0 && len(list) > 0 {
		// Only declarations: the block still needs a statement.
		out = append(out, &syntax.BranchStmt{Token: syntax.PASS, TokenPos: syntax.Start(list[0])})
	}
	return out
}

// target rewrites an assignment target: a boxed name is written through its box.
func (s *scoper) target(e syntax.Expr, sc *scope) syntax.Expr {
	switch e := e.(type) {
	case *syntax.Ident:
		if s.boxedIn(e.Name, sc) {
			return cellRef(e.NamePos, e.Name)
		}
		return e
	case *syntax.TupleExpr:
		for i, x := range e.List {
			e.List[i] = s.target(x, sc)
		}
	case *syntax.ListExpr:
		for i, x := range e.List {
			e.List[i] = s.target(x, sc)
		}
	case *syntax.ParenExpr:
		e.X = s.target(e.X, sc)
	default:
		return s.expr(e, sc)
	}
	return e
}

func (s *scoper) exprs(list []syntax.Expr, sc *scope) {
	for i, e := range list {
		list[i] = s.expr(e, sc)
	}
}

func (s *scoper) expr(e syntax.Expr, sc *scope) syntax.Expr {
	switch e := e.(type) {
	case nil:
		return nil
	case *syntax.Ident:
		if s.boxedIn(e.Name, sc) {
			return cellRef(e.NamePos, e.Name)
		}
		if s.undefined(e.Name, sc) {
			// Python finds a missing name when the line runs, not before.
			return call(e.NamePos, hidden+"undefined", strLit(e.NamePos, e.Name))
		}
	case *syntax.BinaryExpr:
		e.X = s.expr(e.X, sc)
		e.Y = s.expr(e.Y, sc)
	case *syntax.CallExpr:
		e.Fn = s.expr(e.Fn, sc)
		for i, a := range e.Args {
			if b, ok := a.(*syntax.BinaryExpr); ok && b.Op == syntax.EQ {
				b.Y = s.expr(b.Y, sc) // name=value: the name is no variable
				continue
			}
			e.Args[i] = s.expr(a, sc)
		}
	case *syntax.Comprehension:
		inner := s.scopes[e]
		for _, c := range e.Clauses {
			switch c := c.(type) {
			case *syntax.ForClause:
				c.Vars = s.target(c.Vars, inner)
				c.X = s.expr(c.X, inner)
			case *syntax.IfClause:
				c.Cond = s.expr(c.Cond, inner)
			}
		}
		e.Body = s.expr(e.Body, inner)
	case *syntax.CondExpr:
		e.Cond = s.expr(e.Cond, sc)
		e.True = s.expr(e.True, sc)
		e.False = s.expr(e.False, sc)
	case *syntax.DictEntry:
		e.Key = s.expr(e.Key, sc)
		e.Value = s.expr(e.Value, sc)
	case *syntax.DictExpr:
		s.exprs(e.List, sc)
	case *syntax.DotExpr:
		e.X = s.expr(e.X, sc)
	case *syntax.IndexExpr:
		e.X = s.expr(e.X, sc)
		e.Y = s.expr(e.Y, sc)
	case *syntax.LambdaExpr:
		for _, p := range e.Params {
			if b, ok := p.(*syntax.BinaryExpr); ok && b.Op == syntax.EQ {
				b.Y = s.expr(b.Y, sc)
			}
		}
		e.Body = s.expr(e.Body, s.scopes[e])
	case *syntax.ListExpr:
		s.exprs(e.List, sc)
	case *syntax.ParenExpr:
		e.X = s.expr(e.X, sc)
	case *syntax.SliceExpr:
		e.X = s.expr(e.X, sc)
		e.Lo = s.expr(e.Lo, sc)
		e.Hi = s.expr(e.Hi, sc)
		e.Step = s.expr(e.Step, sc)
	case *syntax.TupleExpr:
		s.exprs(e.List, sc)
	case *syntax.UnaryExpr:
		e.X = s.expr(e.X, sc)
	}
	return e
}
