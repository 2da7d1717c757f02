// Package install registers the storage.k8s.io API group's types (StorageClass, VolumeAttachment,
// CSIDriver, CSINode, CSIStorageCapacity, VolumeAttributesClass) into kapi's scheme.
package install

import (
	storagev1 "k8s.io/api/storage/v1"
	"k8s.io/apimachinery/pkg/runtime"
	utilruntime "k8s.io/apimachinery/pkg/util/runtime"

	"github.com/kapi-dev/kapi/pkg/apis/scheme"
	storagev1defaults "github.com/kapi-dev/kapi/pkg/apis/storage/v1"
)

func init() {
	Install(scheme.Scheme)
}

// Install registers storage.k8s.io/v1 as both the served and the internal version, with its
// defaults.
func Install(s *runtime.Scheme) {
	utilruntime.Must(scheme.AddVersionAsHub(s, storagev1.SchemeGroupVersion, storagev1.AddToScheme))
	utilruntime.Must(storagev1defaults.RegisterDefaults(s))
}
