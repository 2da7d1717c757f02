// Package install registers the storagemigration.k8s.io API group (StorageVersionMigrations) into
// kapi's scheme.
package install

import (
	storagemigrationv1 "k8s.io/api/storagemigration/v1"
	"k8s.io/apimachinery/pkg/runtime"
	utilruntime "k8s.io/apimachinery/pkg/util/runtime"

	"github.com/kapi-dev/kapi/pkg/apis/scheme"
)

func init() {
	Install(scheme.Scheme)
}

// Install registers storagemigration.k8s.io/v1 as both the served and the internal version. Like
// kube-apiserver, the group has no defaulting of its own.
func Install(s *runtime.Scheme) {
	utilruntime.Must(scheme.AddVersionAsHub(s, storagemigrationv1.SchemeGroupVersion, storagemigrationv1.AddToScheme))
}
