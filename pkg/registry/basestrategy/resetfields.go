package basestrategy

import "sigs.k8s.io/structured-merge-diff/v6/fieldpath"

// KeepsStatus is embedded by the strategy of a resource whose status has its own subresource: a write
// of the main resource leaves status alone.
type KeepsStatus struct{}

// GetResetFields lists status, which a main-resource write leaves alone.
func (KeepsStatus) GetResetFields() map[fieldpath.APIVersion]*fieldpath.Set {
	return map[fieldpath.APIVersion]*fieldpath.Set{"v1": fieldpath.NewSet(fieldpath.MakePathOrDie("status"))}
}

// KeepsSpec is embedded by a status subresource's strategy, next to the main strategy: a status write
// leaves spec alone. Being the shallower embedding, its GetResetFields wins over the main strategy's.
type KeepsSpec struct{}

// GetResetFields lists spec, which a status write leaves alone.
func (KeepsSpec) GetResetFields() map[fieldpath.APIVersion]*fieldpath.Set {
	return map[fieldpath.APIVersion]*fieldpath.Set{"v1": fieldpath.NewSet(fieldpath.MakePathOrDie("spec"))}
}
