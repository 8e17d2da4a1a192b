package runtime

import (
	"strconv"

	"go.starlark.net/syntax"

	"sockstar/runtime/py"
)

// rewriter changes the few expressions whose Starlark meaning differs from
// Python's into calls of predeclared helpers:
//   - x % y          -> __percent__(x, y)   (Python's % formatting and repr)
//   - x.m            -> __getattr__(x, "m") for the method names Python has
//     on str, bytes, list and dict but Starlark does not
//   - x[i]           -> __getitem__(x, i)   (bytes index to int, as in Python)
//   - for v in x     -> for v in __iter__(x) (str and bytes are iterable)
type rewriter struct{}

func ident(pos syntax.Position, name string) *syntax.Ident {
	return &syntax.Ident{NamePos: pos, Name: name}
}

func call(pos syntax.Position, fn string, args ...syntax.Expr) *syntax.CallExpr {
	return &syntax.CallExpr{Fn: ident(pos, fn), Lparen: pos, Args: args, Rparen: pos}
}

func strLit(pos syntax.Position, s string) *syntax.Literal {
	return &syntax.Literal{Token: syntax.STRING, TokenPos: pos, Raw: strconv.Quote(s), Value: s}
}

func (r *rewriter) file(f *syntax.File) {
	r.stmts(f.Stmts)
}

func (r *rewriter) stmts(list []syntax.Stmt) {
	for _, s := range list {
		r.stmt(s)
	}
}

func (r *rewriter) stmt(s syntax.Stmt) {
	switch s := s.(type) {
	case *syntax.AssignStmt:
		r.target(s.LHS)
		s.RHS = r.expr(s.RHS)
		if s.Op == syntax.PERCENT_EQ {
			if id, ok := s.LHS.(*syntax.Ident); ok {
				s.Op = syntax.EQ
				s.RHS = call(s.OpPos, "__sx_percent", ident(id.NamePos, id.Name), s.RHS)
			}
		}
	case *syntax.DefStmt:
		for i, p := range s.Params {
			if b, ok := p.(*syntax.BinaryExpr); ok && b.Op == syntax.EQ {
				b.Y = r.expr(b.Y)
			}
			s.Params[i] = p
		}
		r.stmts(s.Body)
	case *syntax.ExprStmt:
		s.X = r.expr(s.X)
	case *syntax.ForStmt:
		r.target(s.Vars)
		s.X = call(s.For, "__sx_iter", r.expr(s.X))
		r.stmts(s.Body)
	case *syntax.WhileStmt:
		s.Cond = r.expr(s.Cond)
		r.stmts(s.Body)
	case *syntax.IfStmt:
		s.Cond = r.expr(s.Cond)
		r.stmts(s.True)
		r.stmts(s.False)
	case *syntax.ReturnStmt:
		if s.Result != nil {
			s.Result = r.expr(s.Result)
		}
	}
}

// target rewrites the parts of an assignment target that are read, not
// the target itself: in x[i] = v only i; in x.f = v only x.
func (r *rewriter) target(e syntax.Expr) {
	switch e := e.(type) {
	case *syntax.IndexExpr:
		e.X = r.expr(e.X)
		e.Y = r.expr(e.Y)
	case *syntax.DotExpr:
		e.X = r.expr(e.X)
	case *syntax.TupleExpr:
		for _, x := range e.List {
			r.target(x)
		}
	case *syntax.ListExpr:
		for _, x := range e.List {
			r.target(x)
		}
	case *syntax.ParenExpr:
		r.target(e.X)
	}
}

func (r *rewriter) exprs(list []syntax.Expr) {
	for i, e := range list {
		list[i] = r.expr(e)
	}
}

func (r *rewriter) expr(e syntax.Expr) syntax.Expr {
	switch e := e.(type) {
	case *syntax.BinaryExpr:
		e.X = r.expr(e.X)
		e.Y = r.expr(e.Y)
		if e.Op == syntax.PERCENT {
			return call(e.OpPos, "__sx_percent", e.X, e.Y)
		}
	case *syntax.CallExpr:
		e.Fn = r.expr(e.Fn)
		for i, a := range e.Args {
			if b, ok := a.(*syntax.BinaryExpr); ok && b.Op == syntax.EQ {
				b.Y = r.expr(b.Y) // keyword argument: name=value
				continue
			}
			e.Args[i] = r.expr(a)
		}
	case *syntax.Comprehension:
		e.Body = r.expr(e.Body)
		for _, c := range e.Clauses {
			switch c := c.(type) {
			case *syntax.ForClause:
				r.target(c.Vars)
				c.X = call(c.For, "__sx_iter", r.expr(c.X))
			case *syntax.IfClause:
				c.Cond = r.expr(c.Cond)
			}
		}
	case *syntax.CondExpr:
		e.Cond = r.expr(e.Cond)
		e.True = r.expr(e.True)
		e.False = r.expr(e.False)
	case *syntax.DictEntry:
		e.Key = r.expr(e.Key)
		e.Value = r.expr(e.Value)
	case *syntax.DictExpr:
		r.exprs(e.List)
	case *syntax.DotExpr:
		e.X = r.expr(e.X)
		if py.IsMethodName(e.Name.Name) {
			return call(e.Dot, "__sx_getattr", e.X, strLit(e.Name.NamePos, e.Name.Name))
		}
	case *syntax.IndexExpr:
		e.X = r.expr(e.X)
		e.Y = r.expr(e.Y)
		return call(e.Lbrack, "__sx_getitem", e.X, e.Y)
	case *syntax.LambdaExpr:
		for _, p := range e.Params {
			if b, ok := p.(*syntax.BinaryExpr); ok && b.Op == syntax.EQ {
				b.Y = r.expr(b.Y)
			}
		}
		e.Body = r.expr(e.Body)
	case *syntax.ListExpr:
		r.exprs(e.List)
	case *syntax.ParenExpr:
		e.X = r.expr(e.X)
	case *syntax.SliceExpr:
		e.X = r.expr(e.X)
		if e.Lo != nil {
			e.Lo = r.expr(e.Lo)
		}
		if e.Hi != nil {
			e.Hi = r.expr(e.Hi)
		}
		if e.Step != nil {
			e.Step = r.expr(e.Step)
		}
	case *syntax.TupleExpr:
		r.exprs(e.List)
	case *syntax.UnaryExpr:
		if e.X != nil {
			e.X = r.expr(e.X)
		}
	}
	return e
}
