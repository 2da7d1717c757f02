package basestrategy

import "sigs.k8s.io/structured-merge-diff/v6/fieldpath"

// KeepsStatusIn is KeepsStatus for a resource of a named group, whose reset fields are filed under
// its group version ("batch/v1") rather than the core group's "v1".
type KeepsStatusIn struct {
	GroupVersion fieldpath.APIVersion
}

// GetResetFields lists status, which a main-resource write leaves alone.
func (k KeepsStatusIn) GetResetFields() map[fieldpath.APIVersion]*fieldpath.Set {
	return ResetFields(k.GroupVersion, "status")
}

// KeepsSpecIn is KeepsSpec for a resource of a named group; see KeepsStatusIn.
type KeepsSpecIn struct {
	GroupVersion fieldpath.APIVersion
}

// GetResetFields lists spec, which a status write leaves alone.
func (k KeepsSpecIn) GetResetFields() map[fieldpath.APIVersion]*fieldpath.Set {
	return ResetFields(k.GroupVersion, "spec")
}

// KeepsSpecAndMetadataIn is KeepsSpecIn for a status subresource that leaves metadata alone too.
type KeepsSpecAndMetadataIn struct {
	GroupVersion fieldpath.APIVersion
}

// GetResetFields lists spec and metadata, which a status write leaves alone.
func (k KeepsSpecAndMetadataIn) GetResetFields() map[fieldpath.APIVersion]*fieldpath.Set {
	return ResetFields(k.GroupVersion, "metadata", "spec")
}
