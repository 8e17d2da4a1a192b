package starlark

// This file defines the bytecode interpreter.

import (
	"fmt"
	"os"
	"slices"

	"go.starlark.net/internal/compile"
	"go.starlark.net/internal/spell"
	"go.starlark.net/syntax"
)

const vmdebug = false // TODO(adonovan): use a bitfield of specific kinds of error.

// TODO(adonovan):
// - optimize position table.
// - opt: record MaxIterStack during compilation and preallocate the stack.

// frameSpace returns n cleared values for a call's locals and operands:
// the space a call that returned left behind (endFrame), where one is big
// enough, else a new one. A loop's calls reuse one space; a thread
// blocked in a call holds no more than its frames need, as a server keeps
// a thread per connection.
func (thread *Thread) frameSpace(n int) []Value {
	for i := thread.nfree - 1; i >= 0; i-- {
		if s := thread.free[i]; cap(s) >= n {
			thread.nfree--
			thread.free[i] = thread.free[thread.nfree]
			thread.free[thread.nfree] = nil
			return s[:n]
		}
	}
	return make([]Value, n)
}

// endFrame clears a returning call's space and keeps it for the next call.
func (thread *Thread) endFrame(space []Value) {
	clear(space)
	if thread.nfree < len(thread.free) {
		thread.free[thread.nfree] = space
		thread.nfree++
	}
}

// calleeIsFunction reports whether the call instruction op, whose
// function (and CALL_METHOD's receiver slot) ends before stack[top],
// calls a Starlark function.
func calleeIsFunction(op compile.Opcode, stack []Value, top int) bool {
	if op == compile.CALL_METHOD {
		return stack[top-1] == nil && is[*Function](stack[top-2])
	}
	return is[*Function](stack[top-1])
}

func (fn *Function) CallInternal(thread *Thread, args Tuple, kwargs []Tuple) (Value, error) {
	// Postcondition: args is not mutated. This is stricter than required by Callable,
	// but allows CALL to avoid a copy.

	f := fn.funcode
	if f.Prog.Recursion {
		// prevent stack overflow
		//
		// Each CallInternal recursion (via Call) uses ~1.4KB,
		// but the stack limit is on the order of 1GB, so a
		// maximum of about 700K recursive calls is possible.
		// Limit it to much less here.
		if len(thread.stack) > 100_000 {
			return nil, fmt.Errorf("Starlark stack overflow")
		}
	} else {
		// detect recursion
		for _, fr := range thread.stack[:len(thread.stack)-1] {
			// We look for the same function code,
			// not function value, otherwise the user could
			// defeat the check by writing the Y combinator.
			if frfn, ok := fr.Callable().(*Function); ok && frfn.funcode == f {
				return nil, fmt.Errorf("function %s called recursively", fn.Name())
			}
		}
	}

	code, ierr := f.Insns()
	if ierr != nil {
		return nil, ierr
	}

	fr := thread.frameAt(0)

	// Allocate space for stack and locals.
	// Logically these do not escape from this frame
	// (See https://github.com/golang/go/issues/20533.)
	// They are reused from calls that returned, not allocated per
	// call: small calls are dominated by that allocation.
	nlocals := len(f.Locals)
	nspace := nlocals + f.MaxStack
	space := thread.frameSpace(nspace)
	locals := space[:nlocals:nlocals] // local variables, starting with parameters
	stack := space[nlocals:]          // operand stack

	// Digest arguments and set parameters.
	if err := setArgs(locals, fn, args, kwargs); err != nil {
		thread.endFrame(space)
		return nil, thread.evalError(err)
	}

	fr.locals = locals

	if vmdebug {
		fmt.Printf("Entering %s @ %s\n", f.Name, f.Position(0))
		fmt.Printf("%d stack, %d locals\n", len(stack), len(locals))
		defer fmt.Println("Leaving ", f.Name)
	}

	// Spill indicated locals to cells.
	// Each cell is a separate alloc to avoid spurious liveness.
	for _, index := range f.Cells {
		locals[index] = &cell{locals[index]}
	}

	// TODO(adonovan): add static check that beneath this point
	// - there is exactly one return statement
	// - there is no redefinition of 'err'.

	var iterstack []Iterator // stack of active iterators

	// Use defer so that application panics can pass through
	// interpreter without leaving thread in a bad state.
	defer func() {
		// ITERPOP the rest of the iterator stack.
		for _, iter := range iterstack {
			iter.Done()
		}

		fr.locals = nil
		thread.endFrame(space)
	}()

	sp := 0
	var pc uint32
	var result Value
	// err is set only just before a break out of the loop (or is the
	// err2 of a case): so it is not live around the loop, and the
	// compiler keeps nothing of it from one instruction to the next.
	var err error
loop:
	for {
		thread.Steps++
		if thread.Steps >= thread.stepLimit.Load() {
			// maxSteps reached, or cancelled: one test for both.
			if thread.Steps >= thread.maxSteps && thread.cancelReason.Load() == nil {
				if thread.OnMaxSteps != nil {
					thread.OnMaxSteps(thread)
				} else {
					thread.Cancel("too many steps")
				}
			}
			if reason := thread.cancelReason.Load(); reason != nil {
				err = fmt.Errorf("Starlark computation cancelled: %s", *reason)
				break loop
			}
			if thread.Steps >= thread.stepLimit.Load() {
				thread.limitSteps(thread.maxSteps) // after Uncancel
			}
		}

		fr.pc = pc

		insn := code[pc]
		pc++
		op, arg := compile.Opcode(insn), insn>>8
		if vmdebug {
			fmt.Fprintln(os.Stderr, stack[:sp]) // very verbose!
			compile.PrintOp(f, fr.pc, op, arg)  // fr.pc: an index in Insns
		}

		switch op {
		case compile.NOP:
			// nop

		case compile.DUP:
			stack[sp] = stack[sp-1]
			sp++

		case compile.DUP2:
			stack[sp] = stack[sp-2]
			stack[sp+1] = stack[sp-1]
			sp += 2

		case compile.POP:
			sp--

		case compile.EXCH:
			stack[sp-2], stack[sp-1] = stack[sp-1], stack[sp-2]

		case compile.EQL, compile.NEQ, compile.GT, compile.LT, compile.LE, compile.GE:
			op := syntax.Token(op-compile.EQL) + syntax.EQL
			y := stack[sp-1]
			x := stack[sp-2]
			sp -= 2
			if ok, done := smallIntCompare(op, x, y); done {
				stack[sp] = Bool(ok)
				sp++
				continue
			}
			ok, err2 := Compare(op, x, y)
			if err2 != nil {
				err = err2
				break loop
			}
			stack[sp] = Bool(ok)
			sp++

		case compile.PLUS:
			// Two small ints, the most common +, first.
			if z, ok := addSmall(stack[sp-2], stack[sp-1]); ok {
				sp--
				stack[sp-1] = z
				continue
			}
			fallthrough

		case compile.MINUS,
			compile.STAR,
			compile.SLASH,
			compile.SLASHSLASH,
			compile.PERCENT,
			compile.AMP,
			compile.PIPE,
			compile.CIRCUMFLEX,
			compile.LTLT,
			compile.GTGT,
			compile.IN:
			binop := syntax.Token(op-compile.PLUS) + syntax.PLUS
			if op == compile.IN {
				binop = syntax.IN // IN token is out of order
				// k in d, without Binary's switches; as Binary does, a
				// key that cannot be hashed is not found.
				if d, ok := stack[sp-1].(*Dict); ok {
					_, found, _ := d.ht.lookup(stack[sp-2])
					sp--
					stack[sp-1] = Bool(found)
					continue
				}
			}
			y := stack[sp-1]
			x := stack[sp-2]
			sp -= 2
			if z, done := smallIntArith(binop, x, y); done {
				stack[sp] = z
				sp++
				continue
			}
			z, err2 := Binary(binop, x, y)
			if err2 != nil {
				err = err2
				break loop
			}
			stack[sp] = z
			sp++

		case compile.UPLUS, compile.UMINUS, compile.TILDE:
			var unop syntax.Token
			if op == compile.TILDE {
				unop = syntax.TILDE
			} else {
				unop = syntax.Token(op-compile.UPLUS) + syntax.PLUS
			}
			x := stack[sp-1]
			y, err2 := Unary(unop, x)
			if err2 != nil {
				err = err2
				break loop
			}
			stack[sp-1] = y

		case compile.INPLACE_ADD:
			y := stack[sp-1]
			x := stack[sp-2]
			sp -= 2

			if z, ok := addSmall(x, y); ok {
				stack[sp] = z
				sp++
				continue
			}

			// It's possible that y is not Iterable but
			// nonetheless defines x+y, in which case we
			// should fall back to the general case.
			var z Value
			if xlist, ok := x.(*List); ok {
				if yiter, ok := y.(Iterable); ok {
					if err2 := xlist.checkMutable("apply += to"); err2 != nil {
						err = err2
						break loop
					}
					listExtend(xlist, yiter)
					z = xlist
				}
			}
			if z == nil {
				var err2 error
				z, err2 = Binary(syntax.PLUS, x, y)
				if err2 != nil {
					err = err2
					break loop
				}
			}

			stack[sp] = z
			sp++

		case compile.INPLACE_PIPE:
			y := stack[sp-1]
			x := stack[sp-2]
			sp -= 2

			// It's possible that y is not Dict but
			// nonetheless defines x|y, in which case we
			// should fall back to the general case.
			var z Value
			if xdict, ok := x.(*Dict); ok {
				if ydict, ok := y.(*Dict); ok {
					if err2 := xdict.ht.checkMutable("apply |= to"); err2 != nil {
						err = err2
						break loop
					}
					xdict.ht.addAll(&ydict.ht) // can't fail
					z = xdict
				}
			}
			if z == nil {
				var err2 error
				z, err2 = Binary(syntax.PIPE, x, y)
				if err2 != nil {
					err = err2
					break loop
				}
			}

			stack[sp] = z
			sp++

		case compile.NONE:
			stack[sp] = None
			sp++

		case compile.TRUE:
			stack[sp] = True
			sp++

		case compile.FALSE:
			stack[sp] = False
			sp++

		case compile.MANDATORY:
			stack[sp] = mandatory{}
			sp++

		case compile.JMP:
			pc = arg

		case compile.METHOD:
			x := stack[sp-1]
			var b *Builtin
			if ms := fn.module.methods[arg]; ms != nil {
				b = ms.of(x)
			}
			if b != nil {
				stack[sp-1] = b
				stack[sp] = x
			} else {
				y, err2 := getAttr(x, f.Prog.Names[arg])
				if err2 != nil {
					err = err2
					break loop
				}
				stack[sp-1] = y
				stack[sp] = nil // no receiver: call y as it is
			}
			sp++

		case compile.CALL, compile.CALL_VAR, compile.CALL_KW, compile.CALL_VAR_KW, compile.CALL_METHOD:
			// The common calls first, given positional arguments only:
			// a built-in that borrows them (sockstar's helpers, len),
			// or a built-in's own method (METHOD gave a receiver).
			if arg&0xff == 0 && (op == compile.CALL || op == compile.CALL_METHOD) && profiler.events == nil {
				first := sp - int(arg>>8) // the first argument's slot
				slot := first - 1         // the callee's, where the result goes
				var b *Builtin
				if op == compile.CALL {
					if c, ok := stack[slot].(*Builtin); ok && c.borrows {
						b = c
					}
				} else if recv := stack[slot]; recv != nil {
					slot--
					b = fr.bindMethod(stack[slot].(*Builtin), recv)
				}
				if b != nil {
					// callFrame, written out here: these calls are the
					// ones to inline whatever a profile says.
					depth := len(thread.stack)
					var cfr *frame
					if depth < cap(thread.stack) {
						cfr = thread.stack[depth : depth+1][0]
					}
					if cfr == nil {
						cfr = new(frame)
					}
					thread.stack = append(thread.stack, cfr)
					cfr.callable = b
					z, err2 := b.fn(thread, b, stack[first:sp], nil)
					if err2 == nil && z == nil {
						err2 = fmt.Errorf("internal error: nil (not None) returned from %s", b)
					}
					if err2 != nil && !is[*EvalError](err2) {
						err2 = thread.evalError(err2)
					}
					cfr.callable = nil
					thread.stack = thread.stack[:depth]
					sp = slot + 1
					if err2 != nil {
						err = err2
						break loop
					}
					stack[slot] = z
					continue
				}
			}

			var kwargs Value
			if op == compile.CALL_KW || op == compile.CALL_VAR_KW {
				kwargs = stack[sp-1]
				sp--
			}

			var args Value
			if op == compile.CALL_VAR || op == compile.CALL_VAR_KW {
				args = stack[sp-1]
				sp--
			}

			// named args (pairs)
			var kvpairs []Tuple
			if nkvpairs := int(arg & 0xff); nkvpairs > 0 && kwargs == nil && nkvpairs <= len(thread.kvpairs) && calleeIsFunction(op, stack, sp-2*nkvpairs-int(arg>>8)) {
				// A Starlark function's setArgs reads the pairs before
				// anything else runs on the thread and keeps none:
				// they can be the operand stack's own.
				sp -= 2 * nkvpairs
				kvpairs = thread.kvpairs[:nkvpairs]
				for i := range kvpairs {
					kvpairs[i] = stack[sp+2*i : sp+2*i+2 : sp+2*i+2]
				}
			} else if nkvpairs > 0 {
				kvpairs = make([]Tuple, 0, nkvpairs)
				kvpairsAlloc := make(Tuple, 2*nkvpairs) // allocate a single backing array
				sp -= 2 * nkvpairs
				for i := range nkvpairs {
					pair := kvpairsAlloc[:2:2]
					kvpairsAlloc = kvpairsAlloc[2:]
					pair[0] = stack[sp+2*i]   // name
					pair[1] = stack[sp+2*i+1] // value
					kvpairs = append(kvpairs, pair)
				}
			}
			if kwargs != nil {
				// Add key/value items from **kwargs dictionary.
				dict, ok := kwargs.(IterableMapping)
				if !ok {
					err = fmt.Errorf("argument after ** must be a mapping, not %s", kwargs.Type())
					break loop
				}
				items := dict.Items()
				for _, item := range items {
					if !is[String](item[0]) {
						err = fmt.Errorf("keywords must be strings, not %s", item[0].Type())
						break loop
					}
				}
				if len(kvpairs) == 0 {
					kvpairs = items
				} else {
					kvpairs = append(kvpairs, items...)
				}
			}

			// positional args
			var positional Tuple
			if npos := int(arg >> 8); npos > 0 {
				positional = stack[sp-npos : sp]
				sp -= npos

				// Copy positional arguments into a new array,
				// unless the callee is another Starlark function,
				// in which case it can be trusted not to mutate them,
				// a built-in that keeps none of them (borrowsArgs),
				// or a built-in's own method (METHOD gave a receiver),
				// which keeps none of them.
				if op == compile.CALL_METHOD {
					if stack[sp-1] == nil && !is[*Function](stack[sp-2]) {
						positional = slices.Clone(positional)
					}
				} else if !borrowsArgs(stack[sp-1]) || args != nil {
					positional = slices.Clone(positional)
				}
			}
			if args != nil {
				// Add elements from *args sequence.
				iter := Iterate(args)
				if iter == nil {
					err = fmt.Errorf("argument after * must be iterable, not %s", args.Type())
					break loop
				}
				var elem Value
				for iter.Next(&elem) {
					positional = append(positional, elem)
				}
				iter.Done()
			}

			function := stack[sp-1]
			if op == compile.CALL_METHOD {
				sp--
				recv := function
				function = stack[sp-1]
				if recv != nil {
					function = fr.bindMethod(function.(*Builtin), recv)
				}
			}

			if vmdebug {
				fmt.Printf("VM call %s args=%s kwargs=%s @%s\n",
					function, positional, kvpairs, f.InsnPosition(fr.pc))
			}

			var z Value
			var err2 error
			if c, ok := function.(*Builtin); ok && profiler.events == nil {
				z, err2 = thread.callFrame(c, positional, kvpairs)
			} else if c, ok := function.(*Function); ok && profiler.events == nil {
				z, err2 = thread.callFrame(c, positional, kvpairs)
			} else {
				thread.endProfSpan()
				z, err2 = Call(thread, function, positional, kvpairs)
				thread.beginProfSpan()
			}
			if err2 != nil {
				err = err2
				break loop
			}
			if vmdebug {
				fmt.Printf("Resuming %s @ %s\n", f.Name, f.Position(0))
			}
			stack[sp-1] = z

		case compile.ITERPUSH:
			x := stack[sp-1]
			sp--
			var iter Iterator
			if iterate := fn.module.program.iterate; iterate != nil {
				var err2 error
				iter, err2 = iterate(thread, x)
				if err2 != nil {
					err = err2
					break loop
				}
			} else {
				iter = Iterate(x)
			}
			if iter == nil {
				err = fmt.Errorf("%s value is not iterable", x.Type())
				break loop
			}
			iterstack = append(iterstack, iter)

		case compile.ITERJMP:
			iter := iterstack[len(iterstack)-1]
			if iter.Next(&stack[sp]) {
				// The body most often begins by setting a local, the
				// loop variable: that next step is done here, counted
				// as a step, unless it is the one that reaches maxSteps.
				if next := code[pc]; compile.Opcode(next) == compile.SETLOCAL && thread.Steps+1 < thread.maxSteps {
					locals[next>>8] = stack[sp]
					pc++
					thread.Steps++
				} else {
					sp++
				}
			} else {
				pc = arg
				if fi, ok := iter.(FallibleIterator); ok {
					if err2 := fi.Err(); err2 != nil {
						err = err2
						break loop
					}
				}
			}

		case compile.ITERPOP:
			n := len(iterstack) - 1
			iterstack[n].Done()
			iterstack = iterstack[:n]

		case compile.NOT:
			stack[sp-1] = !stack[sp-1].Truth()

		case compile.RETURN:
			result = stack[sp-1]
			err = nil
			break loop

		case compile.SETINDEX:
			z := stack[sp-1]
			y := stack[sp-2]
			x := stack[sp-3]
			sp -= 3
			if err2 := setIndex(x, y, z); err2 != nil {
				err = err2
				break loop
			}

		case compile.STOREINDEX:
			z := stack[sp-3]
			x := stack[sp-2]
			y := stack[sp-1]
			sp -= 3
			var err2 error
			if d, ok := x.(*Dict); ok {
				err2 = d.ht.insertOutOfLine(y, z) // setIndex's first case, without its switch
			} else {
				err2 = setIndex(x, y, z)
			}
			if err2 != nil {
				err = err2
				break loop
			}

		case compile.INDEX:
			y := stack[sp-1]
			x := stack[sp-2]
			sp -= 2
			z, err2 := getIndex(x, y)
			if err2 != nil {
				err = err2
				break loop
			}
			stack[sp] = z
			sp++

		case compile.ATTR:
			x := stack[sp-1]
			name := f.Prog.Names[arg]
			y, err2 := getAttr(x, name)
			if err2 != nil {
				err = err2
				break loop
			}
			stack[sp-1] = y

		case compile.SETFIELD:
			y := stack[sp-1]
			x := stack[sp-2]
			sp -= 2
			name := f.Prog.Names[arg]
			if err2 := setField(x, name, y); err2 != nil {
				err = err2
				break loop
			}

		case compile.STOREFIELD:
			y := stack[sp-2]
			x := stack[sp-1]
			sp -= 2
			name := f.Prog.Names[arg]
			if err2 := setField(x, name, y); err2 != nil {
				err = err2
				break loop
			}

		case compile.MAKEDICT:
			stack[sp] = new(Dict)
			sp++

		case compile.SETDICT, compile.SETDICTUNIQ:
			dict := stack[sp-3].(*Dict)
			k := stack[sp-2]
			v := stack[sp-1]
			sp -= 3
			oldlen := dict.Len()
			if err2 := dict.SetKey(k, v); err2 != nil {
				err = err2
				break loop
			}
			if op == compile.SETDICTUNIQ && dict.Len() == oldlen {
				err = fmt.Errorf("duplicate key: %v", k)
				break loop
			}

		case compile.APPEND:
			elem := stack[sp-1]
			list := stack[sp-2].(*List)
			sp -= 2
			list.elems = append(list.elems, elem)

		case compile.SLICE:
			x := stack[sp-4]
			lo := stack[sp-3]
			hi := stack[sp-2]
			step := stack[sp-1]
			sp -= 4
			res, err2 := slice(x, lo, hi, step)
			if err2 != nil {
				err = err2
				break loop
			}
			stack[sp] = res
			sp++

		case compile.UNPACK:
			n := int(arg)
			iterable := stack[sp-1]
			sp--
			iter := Iterate(iterable)
			if iter == nil {
				err = fmt.Errorf("got %s in sequence assignment", iterable.Type())
				break loop
			}
			i := 0
			sp += n
			for i < n && iter.Next(&stack[sp-1-i]) {
				i++
			}
			var dummy Value
			if iter.Next(&dummy) {
				// NB: Len may return -1 here in obscure cases.
				err = fmt.Errorf("too many values to unpack (got %d, want %d)", Len(iterable), n)
				break loop
			}
			iter.Done()
			if i < n {
				err = fmt.Errorf("too few values to unpack (got %d, want %d)", i, n)
				break loop
			}

		case compile.CJMP:
			if stack[sp-1].Truth() {
				pc = arg
			}
			sp--

		case compile.CONSTANT:
			stack[sp] = fn.module.constants[arg]
			sp++

		case compile.MAKETUPLE:
			n := int(arg)
			tuple := make(Tuple, n)
			sp -= n
			copy(tuple, stack[sp:])
			stack[sp] = tuple
			sp++

		case compile.MAKELIST:
			n := int(arg)
			elems := make([]Value, n)
			sp -= n
			copy(elems, stack[sp:])
			stack[sp] = NewList(elems)
			sp++

		case compile.MAKEFUNC:
			funcode := f.Prog.Functions[arg]
			tuple := stack[sp-1].(Tuple)
			n := len(tuple) - len(funcode.FreeVars)
			defaults := tuple[:n:n]
			freevars := tuple[n:]
			stack[sp-1] = &Function{
				funcode:  funcode,
				module:   fn.module,
				defaults: defaults,
				freevars: freevars,
			}

		case compile.LOAD:
			n := int(arg)
			module := string(stack[sp-1].(String))
			sp--

			if thread.Load == nil {
				err = fmt.Errorf("load not implemented by this application")
				break loop
			}

			thread.endProfSpan()
			dict, err2 := thread.Load(thread, module)
			thread.beginProfSpan()
			if err2 != nil {
				err = wrappedError{
					msg:   fmt.Sprintf("cannot load %s: %v", module, err2),
					cause: err2,
				}
				break loop
			}

			for i := range n {
				from := string(stack[sp-1-i].(String))
				v, ok := dict[from]
				if !ok {
					err = fmt.Errorf("load: name %s not found in module %s", from, module)
					if n := spell.Nearest(from, dict.Keys()); n != "" {
						err = fmt.Errorf("%s (did you mean %s?)", err, n)
					}
					break loop
				}
				stack[sp-1-i] = v
			}

		case compile.SETLOCAL:
			locals[arg] = stack[sp-1]
			sp--

		case compile.SETLOCALCELL:
			locals[arg].(*cell).v = stack[sp-1]
			sp--

		case compile.SETGLOBAL:
			fn.module.globals[arg] = stack[sp-1]
			sp--

		case compile.LOCAL:
			x := locals[arg]
			if x == nil {
				err = fmt.Errorf("local variable %s referenced before assignment", f.Locals[arg].Name)
				break loop
			}
			stack[sp] = x
			sp++

		case compile.FREE:
			stack[sp] = fn.freevars[arg]
			sp++

		case compile.LOCALCELL:
			v := locals[arg].(*cell).v
			if v == nil {
				err = fmt.Errorf("local variable %s referenced before assignment", f.Locals[arg].Name)
				break loop
			}
			stack[sp] = v
			sp++

		case compile.FREECELL:
			v := fn.freevars[arg].(*cell).v
			if v == nil {
				err = fmt.Errorf("local variable %s referenced before assignment", f.FreeVars[arg].Name)
				break loop
			}
			stack[sp] = v
			sp++

		case compile.GLOBAL:
			x := fn.module.globals[arg]
			if x == nil {
				err = fmt.Errorf("global variable %s referenced before assignment", f.Prog.Globals[arg].Name)
				break loop
			}
			stack[sp] = x
			sp++

		case compile.PREDECLARED:
			if p := fn.module.named[arg].Load(); p != nil {
				stack[sp] = *p
				sp++
				break
			}
			name := f.Prog.Names[arg]
			x := fn.module.predeclared[name]
			if x == nil {
				err = fmt.Errorf("internal error: predeclared variable %s is uninitialized", name)
				break loop
			}
			fn.module.named[arg].Store(&x)
			stack[sp] = x
			sp++

		case compile.UNIVERSAL:
			if p := fn.module.named[arg].Load(); p != nil {
				stack[sp] = *p
				sp++
				break
			}
			x := Universe[f.Prog.Names[arg]]
			if x != nil {
				fn.module.named[arg].Store(&x)
			}
			stack[sp] = x
			sp++

		default:
			err = fmt.Errorf("unimplemented: %s", op)
			break loop
		}
	}
	// (deferred cleanup runs here)
	return result, err
}

type wrappedError struct {
	msg   string
	cause error
}

func (e wrappedError) Error() string {
	return e.msg
}

// Implements the xerrors.Wrapper interface
// https://godoc.org/golang.org/x/xerrors#Wrapper
func (e wrappedError) Unwrap() error {
	return e.cause
}

// mandatory is a sentinel value used in a function's defaults tuple
// to indicate that a (keyword-only) parameter is mandatory.
type mandatory struct{}

func (mandatory) String() string        { return "mandatory" }
func (mandatory) Type() string          { return "mandatory" }
func (mandatory) Freeze()               {} // immutable
func (mandatory) Truth() Bool           { return False }
func (mandatory) Hash() (uint32, error) { return 0, nil }

// A cell is a box containing a Value.
// Local variables marked as cells hold their value indirectly
// so that they may be shared by outer and inner nested functions.
// Cells are always accessed using indirect {FREE,LOCAL,SETLOCAL}CELL instructions.
// The FreeVars tuple contains only cells.
// The FREE instruction always yields a cell.
type cell struct{ v Value }

func (c *cell) String() string { return "cell" }
func (c *cell) Type() string   { return "cell" }
func (c *cell) Freeze() {
	if c.v != nil {
		c.v.Freeze()
	}
}
func (c *cell) Truth() Bool           { panic("unreachable") }
func (c *cell) Hash() (uint32, error) { panic("unreachable") }

// borrowsArgs reports whether a call of fn may be given a slice of the
// caller's operand stack as its positional arguments: a Starlark function
// copies them into its frame, and a built-in made by
// NewBuiltinBorrowingArgs keeps no reference to them.
func borrowsArgs(fn Value) bool {
	switch fn := fn.(type) {
	case *Function:
		return true
	case *Builtin:
		return fn.borrows
	}
	return false
}
