package scheme

// WithoutAnnotations returns annotations without keys, the way upstream's conversions drop the
// annotations that only carry fields across versions: the map is copied only when one of keys is
// in it, so that an object without them is left untouched.
func WithoutAnnotations(annotations map[string]string, keys ...string) map[string]string {
	found := false
	for _, key := range keys {
		if _, ok := annotations[key]; ok {
			found = true
			break
		}
	}
	if !found {
		return annotations
	}
	out := make(map[string]string, len(annotations))
	for k, v := range annotations {
		out[k] = v
	}
	for _, key := range keys {
		delete(out, key)
	}
	return out
}
