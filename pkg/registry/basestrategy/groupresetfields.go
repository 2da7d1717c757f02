package basestrategy

import (
	"strings"

	"sigs.k8s.io/structured-merge-diff/v6/fieldpath"
)

// ResetFields lists the fields, as dotted paths ("status", "metadata.labels"), that a write through a
// strategy leaves alone in apiVersion ("apps/v1"). KeepsStatus and KeepsSpec cover the core group.
func ResetFields(apiVersion fieldpath.APIVersion, paths ...string) map[fieldpath.APIVersion]*fieldpath.Set {
	set := fieldpath.NewSet()
	for _, p := range paths {
		elements := strings.Split(p, ".")
		parts := make([]interface{}, len(elements))
		for i, e := range elements {
			parts[i] = e
		}
		set.Insert(fieldpath.MakePathOrDie(parts...))
	}
	return map[fieldpath.APIVersion]*fieldpath.Set{apiVersion: set}
}
