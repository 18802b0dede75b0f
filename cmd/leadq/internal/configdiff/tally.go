package configdiff

import (
	"slices"
	"strconv"
)

// tally is what a worker counted; tallies are merged at the end.
type tally struct {
	accounts, leads                 int64
	qualifiedBefore, qualifiedAfter int64
	unreadable                      int64
	firstUnreadable                 string // the first account that could not be decoded, and why
	count                           [numKinds]struct{ leads, accounts int64 }
	examples                        [numKinds][]Example // the first ones by (account, e-mail), sorted
}

// offer keeps ex among the first n examples of kind k; explain is called
// when ex becomes the first, which alone carries an explanation.
func (t *tally) offer(k, n int, ex Example, explain func(*Example)) {
	list := t.examples[k]
	if n <= 0 || len(list) == n && !ex.less(&list[n-1]) {
		return
	}
	i, _ := slices.BinarySearchFunc(list, ex, func(a, b Example) int {
		switch {
		case a.less(&b):
			return -1
		case b.less(&a):
			return 1
		}
		return 0
	})
	if i == 0 {
		explain(&ex)
		if len(list) > 0 {
			list[0].Explanation, list[0].Why = nil, ""
		}
	}
	list = slices.Insert(list, i, ex)
	if len(list) > n {
		list = list[:n]
	}
	t.examples[k] = list
}

// merge adds o to t, keeping the first n examples of each kind.
func (t *tally) merge(o *tally, n int) {
	t.accounts += o.accounts
	t.leads += o.leads
	t.qualifiedBefore += o.qualifiedBefore
	t.qualifiedAfter += o.qualifiedAfter
	if t.firstUnreadable == "" {
		t.firstUnreadable = o.firstUnreadable
	}
	t.unreadable += o.unreadable
	for k := range numKinds {
		t.count[k].leads += o.count[k].leads
		t.count[k].accounts += o.count[k].accounts
		for _, ex := range o.examples[k] {
			t.offer(k, n, ex, func(*Example) {})
		}
	}
}

// group prints n with thousands separators: 1234567 -> "1,234,567".
func group(n int64) string {
	s := strconv.FormatInt(n, 10)
	neg := n < 0
	if neg {
		s = s[1:]
	}
	out := make([]byte, 0, len(s)+len(s)/3)
	for i := range len(s) {
		if i > 0 && (len(s)-i)%3 == 0 {
			out = append(out, ',')
		}
		out = append(out, s[i])
	}
	if neg {
		return "-" + string(out)
	}
	return string(out)
}
