package trace

import (
	"sort"
	"strconv"
	"strings"
)

// Folding: a run of connections that all do the same thing (a server's
// fifty clients) draws as its first two and its last, with a band in
// place of the others saying how many there were and what they moved.
// The page keeps the unfolded diagram too, one click away.

// foldMin is the shortest run of alike connections that folds: shorter
// runs read well drawn out.
const foldMin = 6

// fold is the connections of one run folded into a band.
type fold struct {
	like  int   // the connection they are like
	conns []int // the folded connections' ids
	at    int64 // where the band goes: when the first folded one began
	lanes []int // the lanes of the run's drawn connections: the band spans them
	// What the folded connections did.
	msgs, bytes, prints, events int
}

// shape is what a connection does, as a string, for telling runs of alike
// connections: each side's role, kind of lane and significant calls, in
// order; not its bytes, which differ from client to client.
func (m *model) shape(c *conn) string {
	var sb strings.Builder
	for s := 0; s < 2; s++ {
		sb.WriteString("|")
		first := true
		for _, i := range c.evs {
			if m.side[i] != s {
				continue
			}
			e := &m.ev[i]
			if first {
				first = false
				sb.WriteString(e.Role)
				if m.lanes[m.laneOf[i]].main {
					sb.WriteString(":main")
				}
			}
			switch {
			case e.Exc != "":
				sb.WriteString(" " + e.Call + "!" + e.Exc)
			case isRecv(e.Call) && e.N == 0:
				sb.WriteString(" eof")
			case isConnect(e) || isData(e.Call) || e.Call == "accept" || e.Call == "shutdown" || e.Call == "close":
				sb.WriteString(" " + e.Call)
			}
		}
	}
	return sb.String()
}

// folds finds the runs of alike connections and what folding them hides.
func (m *model) folds() (hidden []bool, folds []*fold) {
	conns := append([]*conn(nil), m.conns...)
	sort.SliceStable(conns, func(a, b int) bool { return conns[a].first < conns[b].first })
	// A role started again (the next scenario of a file) begins another
	// epoch: runs do not fold across it.
	var restarts []int64
	for i := range m.ev {
		if m.ev[i].Kind == "start" && m.restart(i) {
			restarts = append(restarts, m.ev[i].T)
		}
	}
	sort.Slice(restarts, func(a, b int) bool { return restarts[a] < restarts[b] })
	shapes := make([]string, len(conns))
	for k, c := range conns {
		epoch := sort.Search(len(restarts), func(j int) bool { return restarts[j] > c.first })
		shapes[k] = strconv.Itoa(epoch) + m.shape(c)
	}
	// private[l] is the one connection all of lane l's calls are made on,
	// 0 when there is none or several.
	private := make([]int, len(m.lanes))
	for l := range private {
		private[l] = -1
	}
	for i := range m.ev {
		if m.ev[i].Kind != "call" {
			continue
		}
		l := m.laneOf[i]
		switch {
		case private[l] == -1:
			private[l] = m.connOf[i]
		case private[l] != m.connOf[i]:
			private[l] = 0
		}
	}
	hidden = make([]bool, len(m.ev))
	for start := 0; start < len(conns); {
		end := start + 1
		for end < len(conns) && shapes[end] == shapes[start] {
			end++
		}
		run := conns[start:end]
		start = end
		if len(run) < foldMin {
			continue
		}
		kept := []*conn{run[0], run[1], run[len(run)-1]}
		folded := run[2 : len(run)-1]
		f := &fold{like: run[1].id, at: folded[0].first}
		gone := map[int]bool{}
		keep := map[int]bool{}
		for _, c := range kept {
			keep[c.id] = true
		}
		var from, to int64 = folded[0].first, folded[0].first
		for _, c := range folded {
			f.conns = append(f.conns, c.id)
			gone[c.id] = true
			for _, i := range c.evs {
				from, to = min(from, m.ev[i].T), max(to, m.ev[i].T+m.ev[i].Dur)
			}
		}
		// The lanes the run uses: private ones go with their connection,
		// shared ones (a select server's) stay.
		shared := map[int]bool{}
		bandLanes := map[int]bool{}
		for _, c := range run {
			for _, i := range c.evs {
				l := m.laneOf[i]
				if private[l] != c.id {
					shared[l] = true
				}
				if keep[c.id] || private[l] != c.id {
					bandLanes[l] = true
				}
			}
		}
		for i := range m.ev {
			e := &m.ev[i]
			l := m.laneOf[i]
			hide := gone[m.connOf[i]] || gone[private[l]]
			// What else happened on the shared lanes meanwhile (a server's
			// prints, its other calls) goes into the band too.
			if !hide && m.connOf[i] == 0 && shared[l] && e.T >= from && e.T <= to && e.Kind != "start" && e.Kind != "end" {
				hide = true
			}
			if !hide || hidden[i] {
				continue
			}
			hidden[i] = true
			f.events++
			switch {
			case e.Kind == "print":
				f.prints++
			case isSend(e.Call) && sentBytes(e) > 0:
				f.msgs++
				f.bytes += sentBytes(e)
			}
		}
		for l := range bandLanes {
			f.lanes = append(f.lanes, l)
		}
		sort.Ints(f.lanes)
		folds = append(folds, f)
	}
	return hidden, folds
}
