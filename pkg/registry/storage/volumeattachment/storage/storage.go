// Package storage wires storage.k8s.io/v1 VolumeAttachments and their status subresource to etcd.
package storage

import (
	storagev1 "k8s.io/api/storage/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apiserver/pkg/registry/generic"
	genericregistry "k8s.io/apiserver/pkg/registry/generic/registry"

	"github.com/kapi-dev/kapi/pkg/registry/statusrest"
	"github.com/kapi-dev/kapi/pkg/registry/storage/volumeattachment"
)

// VolumeAttachmentStorage holds the storage of VolumeAttachments and of their status.
type VolumeAttachmentStorage struct {
	VolumeAttachment *REST
	Status           *StatusREST
}

// REST serves VolumeAttachments.
type REST struct {
	*genericregistry.Store
}

// StatusREST serves volumeattachments/status.
type StatusREST = statusrest.REST

// NewStorage returns the storage of volumeattachments and volumeattachments/status, under
// /registry/volumeattachments.
func NewStorage(optsGetter generic.RESTOptionsGetter) (VolumeAttachmentStorage, error) {
	store := &genericregistry.Store{
		NewFunc:                   func() runtime.Object { return &storagev1.VolumeAttachment{} },
		NewListFunc:               func() runtime.Object { return &storagev1.VolumeAttachmentList{} },
		DefaultQualifiedResource:  storagev1.Resource("volumeattachments"),
		SingularQualifiedResource: storagev1.Resource("volumeattachment"),

		CreateStrategy:      volumeattachment.Strategy,
		UpdateStrategy:      volumeattachment.Strategy,
		DeleteStrategy:      volumeattachment.Strategy,
		ResetFieldsStrategy: volumeattachment.Strategy,

		TableConvertor: volumeattachment.NewTableConvertor(),
	}
	if err := store.CompleteWithOptions(&generic.StoreOptions{RESTOptions: optsGetter}); err != nil {
		return VolumeAttachmentStorage{}, err
	}
	return VolumeAttachmentStorage{
		VolumeAttachment: &REST{store},
		Status:           statusrest.NewFor(store, volumeattachment.StatusStrategy),
	}, nil
}
