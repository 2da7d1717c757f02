package basestrategy

// KeepConditionsOfType puts the stored conditions of type t back into a subresource write that
// must not change them, when the write has as many of them; a write that adds or removes some is
// left for validation to refuse. typeOf reads a condition's type.
func KeepConditionsOfType[C any, T comparable](conditions, stored []C, typeOf func(C) T, t T) {
	indices := func(cs []C) []int {
		var out []int
		for i, c := range cs {
			if typeOf(c) == t {
				out = append(out, i)
			}
		}
		return out
	}
	newIdx, oldIdx := indices(conditions), indices(stored)
	if len(newIdx) != len(oldIdx) {
		return
	}
	for i, o := range oldIdx {
		conditions[newIdx[i]] = stored[o]
	}
}
