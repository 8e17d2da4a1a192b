package compile

import (
	"strings"
	"testing"

	"go.starlark.net/resolve"
	"go.starlark.net/syntax"
)

// TestInsns checks Code's decoded form: one word per instruction, in
// order, NOP padding dropped, each jump aimed at its target's word, and
// each word's position the position of its instruction in Code.
func TestInsns(t *testing.T) {
	isPredeclared := func(name string) bool { return name == "x" }
	isUniversal := func(name string) bool { return false }
	expr, err := syntax.ParseExpr("in.star", `[y + 1 for y in x if y] if x else (x and 300000)`, 0)
	if err != nil {
		t.Fatal(err)
	}
	locals, err := resolve.Expr(expr, isPredeclared, isUniversal)
	if err != nil {
		t.Fatal(err)
	}
	fn := Expr(syntax.LegacyFileOptions(), expr, "<expr>", locals).Toplevel
	insns, err := fn.Insns()
	if err != nil {
		t.Fatal(err)
	}

	// Decode Code as the interpreter once did, noting each instruction's address.
	var addrs []uint32
	var ops []Opcode
	var args []uint32
	jumps := 0
	for pc := uint32(0); pc < uint32(len(fn.Code)); {
		op := Opcode(fn.Code[pc])
		if op == NOP {
			pc++
			continue
		}
		addrs = append(addrs, pc)
		pc++
		var arg uint32
		if op >= OpcodeArgMin {
			for s := uint(0); ; s += 7 {
				b := fn.Code[pc]
				pc++
				arg |= uint32(b&0x7f) << s
				if b < 0x80 {
					break
				}
			}
		}
		ops, args = append(ops, op), append(args, arg)
	}
	if len(insns) != len(ops) {
		t.Fatalf("%d words for %d instructions", len(insns), len(ops))
	}
	for i, w := range insns {
		op, arg := Opcode(w&0xff), w>>8
		if op != ops[i] {
			t.Errorf("word %d: %s, want %s", i, op, ops[i])
			continue
		}
		switch op {
		case JMP, CJMP, ITERJMP:
			jumps++
			if int(arg) >= len(addrs) || addrs[arg] != args[i] {
				t.Errorf("word %d: %s to word %d, not to address %d", i, op, arg, args[i])
			}
		default:
			if arg != args[i] {
				t.Errorf("word %d: %s %d, want %d", i, op, arg, args[i])
			}
		}
		if got, want := fn.InsnPosition(uint32(i)), fn.Position(addrs[i]); got != want {
			t.Errorf("word %d: at %v, want %v", i, got, want)
		}
	}
	if jumps < 3 {
		t.Errorf("%d jumps, want a CJMP, an ITERJMP and a JMP at least", jumps)
	}
}

// TestInsnsTooLarge checks that an operand a word cannot hold is an error.
func TestInsnsTooLarge(t *testing.T) {
	fn := &Funcode{Name: "f", Code: []byte{byte(CONSTANT), 0x80, 0x80, 0x80, 0x08, byte(RETURN)}}
	if _, err := fn.Insns(); err == nil || !strings.Contains(err.Error(), "operand too large") {
		t.Errorf("Insns: %v, want an operand too large", err)
	}
}
