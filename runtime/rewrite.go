package runtime

import (
	"strconv"
	"strings"

	"go.starlark.net/syntax"

	"sockstar/runtime/py"
)

// rewriter changes the few expressions whose Starlark meaning differs from
// Python's into calls of predeclared helpers:
//   - x % y          -> __sx_percent(x, y)  (Python's % formatting and repr)
//     unless x is a str or bytes literal or y a nonzero number literal
//   - x.m(a, k=v)    -> __sx_call_m(x, a, k=v) where the arguments
//     are literals and names, else
//   - x.m            -> __sx_getattr(x, "m") for the method names Python has
//     on str, bytes, list and dict but Starlark does not
//   - x[i]           -> __sx_getitem(x, i)  (bytes index to int, as in Python)
//   - x == y, x < y ... -> __sx_eq(x, y) ... where neither operand is a
//     literal that rules out bytearray == bytes and frozenset == set
//   - x is y         -> __sx_is(x, y) unless one is None (then ==)
//   - x += y         -> x = __sx_iadd(x, y) for a name or name.attr: a
//     bytearray changes in place, a list takes a str's characters
//
// Comparisons and += of variables that only ever hold numbers (numeric.go)
// keep Starlark's operators.
type rewriter struct {
	num      *numbers       // which variables only hold numbers
	sc       *numScope      // the scope being rewritten
	identity map[opPos]bool // where == and != were `is` and `is not`
}

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
	r.num = findNumbers(f)
	r.sc = r.num.module
	f.Stmts = r.stmts(f.Stmts)
}

// number reports whether e, not yet rewritten, always gives a number.
func (r *rewriter) number(e syntax.Expr) bool {
	return r.num != nil && r.num.isNumber(e, r.sc)
}

// enter makes the scope of a def, lambda or comprehension the current one
// and returns what to call when it ends.
func (r *rewriter) enter(n syntax.Node) func() {
	outer := r.sc
	if r.num != nil {
		if sc := r.num.scopes[n]; sc != nil {
			r.sc = sc
		}
	}
	return func() { r.sc = outer }
}

func (r *rewriter) stmts(list []syntax.Stmt) []syntax.Stmt {
	for _, s := range list {
		r.stmt(s)
	}
	return list
}

func (r *rewriter) stmt(s syntax.Stmt) {
	switch s := s.(type) {
	case *syntax.AssignStmt:
		numeric := r.number(s.RHS) || r.number(s.LHS)
		r.target(s.LHS)
		s.RHS = r.expr(s.RHS)
		if s.Op == syntax.PERCENT_EQ && !numeric && !ownPercent(s.LHS, s.RHS) {
			if id, ok := s.LHS.(*syntax.Ident); ok {
				s.Op = syntax.EQ
				s.RHS = call(s.OpPos, "__sx_percent", ident(id.NamePos, id.Name), s.RHS)
			}
		}
		if s.Op == syntax.PLUS_EQ && !numeric {
			if read := r.reread(s.LHS); read != nil {
				s.Op = syntax.EQ
				s.RHS = call(s.OpPos, "__sx_iadd", read, s.RHS)
			}
		}
	case *syntax.DefStmt:
		for i, p := range s.Params {
			if b, ok := p.(*syntax.BinaryExpr); ok && b.Op == syntax.EQ {
				b.Y = r.expr(b.Y)
			}
			s.Params[i] = p
		}
		defer r.enter(s)()
		s.Body = r.stmts(s.Body)
	case *syntax.ExprStmt:
		s.X = r.expr(s.X)
	case *syntax.ForStmt:
		r.target(s.Vars)
		s.X = r.expr(s.X)
		s.Body = r.stmts(s.Body)
	case *syntax.WhileStmt:
		s.Cond = r.expr(s.Cond)
		s.Body = r.stmts(s.Body)
	case *syntax.IfStmt:
		s.Cond = r.expr(s.Cond)
		s.True = r.stmts(s.True)
		s.False = r.stmts(s.False)
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
		if r.identity[opPos{e.OpPos.Line, e.OpPos.Col}] && !isNone(e.X) && !isNone(e.Y) {
			// x is y: the same object, not equal ones. (Against None,
			// equality is identity, and Starlark's == costs no call.)
			same := syntax.Expr(call(e.OpPos, "__sx_is", r.expr(e.X), r.expr(e.Y)))
			if e.Op == syntax.NEQ {
				same = &syntax.UnaryExpr{OpPos: e.OpPos, Op: syntax.NOT, X: same}
			}
			return same
		}
		fn := compareHelper(e.Op)
		if fn != "" && (rulesOutBuffer(e.X) || rulesOutBuffer(e.Y) || r.number(e.X) || r.number(e.Y)) {
			fn = ""
		}
		// A number's % is Starlark's own (floored, as Python's); only a
		// str or bytes on the left needs Python's formatting.
		formats := e.Op == syntax.PERCENT && !r.number(e.X) && !ownPercent(e.X, e.Y)
		e.X = r.expr(e.X)
		e.Y = r.expr(e.Y)
		if formats {
			return call(e.OpPos, "__sx_percent", e.X, e.Y)
		}
		if fn != "" {
			return call(e.OpPos, fn, e.X, e.Y)
		}
	case *syntax.CallExpr:
		if d, ok := e.Fn.(*syntax.DotExpr); ok && py.IsMethodName(d.Name.Name) && plainArgs(e.Args) {
			// x.m(a, k=v) -> __sx_call_m(x, a, k=v): one call, where
			// looking m up first would make a second.
			e.Fn = ident(d.Dot, "__sx_call_"+d.Name.Name)
			e.Args = append([]syntax.Expr{r.expr(d.X)}, e.Args...)
			return e
		}
		e.Fn = r.expr(e.Fn)
		for i, a := range e.Args {
			if b, ok := a.(*syntax.BinaryExpr); ok && b.Op == syntax.EQ {
				b.Y = r.expr(b.Y) // keyword argument: name=value
				continue
			}
			e.Args[i] = r.expr(a)
		}
	case *syntax.Comprehension:
		defer r.enter(e)()
		e.Body = r.expr(e.Body)
		for _, c := range e.Clauses {
			switch c := c.(type) {
			case *syntax.ForClause:
				r.target(c.Vars)
				c.X = r.expr(c.X)
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
		defer r.enter(e)()
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

// ownPercent reports whether x % y, not yet rewritten, can stay
// Starlark's own: a str or bytes on the left formats by Python's rules
// there (py sets starlark.FormatPercent), so only the helper's error
// messages for other operands matter, and with a nonzero number literal
// on the right Starlark's (mapped in starlarkerr.go) are the same.
func ownPercent(x, y syntax.Expr) bool {
	if lit, ok := x.(*syntax.Literal); ok && (lit.Token == syntax.STRING || lit.Token == syntax.BYTES) {
		return true
	}
	if u, ok := y.(*syntax.UnaryExpr); ok && (u.Op == syntax.MINUS || u.Op == syntax.PLUS) {
		y = u.X
	}
	lit, ok := y.(*syntax.Literal)
	if !ok {
		return false
	}
	switch v := lit.Value.(type) {
	case int64:
		return v != 0
	case float64:
		return v != 0
	}
	return false
}

// plainArgs reports whether a call's arguments are all literals and names
// (positional or keyword): evaluating them first, before the method is
// looked up, cannot be seen, as it could were one a call with effects.
func plainArgs(args []syntax.Expr) bool {
	for _, a := range args {
		if b, ok := a.(*syntax.BinaryExpr); ok && b.Op == syntax.EQ {
			a = b.Y
		}
		switch a := a.(type) {
		case *syntax.Literal:
		case *syntax.Ident:
			if strings.HasPrefix(a.Name, "__sx_") {
				return false
			}
		default:
			return false
		}
	}
	return true
}

// compareHelper is the builtin a comparison becomes, or "".
func compareHelper(op syntax.Token) string {
	switch op {
	case syntax.EQL:
		return "__sx_eq"
	case syntax.NEQ:
		return "__sx_ne"
	case syntax.LT:
		return "__sx_lt"
	case syntax.LE:
		return "__sx_le"
	case syntax.GT:
		return "__sx_gt"
	case syntax.GE:
		return "__sx_ge"
	}
	return ""
}

// rulesOutBuffer reports whether e can be none of bytes, bytearray,
// memoryview, set and frozenset: a number, str, None or bool literal, or a
// call of len, int or str. Comparisons and += with such an operand keep
// Starlark's own operator, which costs no call.
func rulesOutBuffer(e syntax.Expr) bool {
	switch e := e.(type) {
	case *syntax.Literal:
		return e.Token != syntax.BYTES
	case *syntax.Ident:
		return e.Name == "None" || e.Name == "True" || e.Name == "False"
	case *syntax.UnaryExpr:
		return e.Op == syntax.MINUS && rulesOutBuffer(e.X)
	case *syntax.ParenExpr:
		return rulesOutBuffer(e.X)
	case *syntax.CallExpr:
		fn, ok := e.Fn.(*syntax.Ident)
		return ok && (fn.Name == "len" || fn.Name == "int" || fn.Name == "str")
	}
	return false
}

// reread is a second copy of an augmented assignment's target, for reading
// it: a name, or an attribute of a name; nil for other targets.
func (r *rewriter) reread(lhs syntax.Expr) syntax.Expr {
	switch x := lhs.(type) {
	case *syntax.Ident:
		return ident(x.NamePos, x.Name)
	case *syntax.DotExpr:
		if id, ok := x.X.(*syntax.Ident); ok {
			return r.expr(&syntax.DotExpr{X: ident(id.NamePos, id.Name), Dot: x.Dot, NamePos: x.NamePos, Name: ident(x.Name.NamePos, x.Name.Name)})
		}
	}
	return nil
}
