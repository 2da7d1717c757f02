// Package defaultstorageclass is kube-apiserver's DefaultStorageClass admission plugin: a
// PersistentVolumeClaim created without a storage class gets the cluster's default StorageClass,
// the newest of those annotated as default.
package defaultstorageclass

import (
	"context"
	"errors"
	"io"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/labels"
	"k8s.io/apiserver/pkg/admission"
	"k8s.io/apiserver/pkg/admission/initializer"
	"k8s.io/client-go/informers"
	storagev1listers "k8s.io/client-go/listers/storage/v1"
	"k8s.io/component-helpers/storage/volume"

	"github.com/kapi-dev/kapi/pkg/admission/internal/defaultclass"
	storagev1defaults "github.com/kapi-dev/kapi/pkg/apis/storage/v1"
)

// PluginName is the plugin's name in --enable-admission-plugins.
const PluginName = "DefaultStorageClass"

// Register registers the plugin.
func Register(plugins *admission.Plugins) {
	plugins.Register(PluginName, func(io.Reader) (admission.Interface, error) {
		return &plugin{Handler: admission.NewHandler(admission.Create)}, nil
	})
}

type plugin struct {
	*admission.Handler
	lister storagev1listers.StorageClassLister
}

var (
	_ admission.MutationInterface                  = &plugin{}
	_ initializer.WantsExternalKubeInformerFactory = &plugin{}
)

func (p *plugin) SetExternalKubeInformerFactory(f informers.SharedInformerFactory) {
	informer := f.Storage().V1().StorageClasses()
	p.lister = informer.Lister()
	p.SetReadyFunc(informer.Informer().HasSynced)
}

func (p *plugin) ValidateInitialization() error {
	if p.lister == nil {
		return errors.New("missing lister")
	}
	return nil
}

var claimsResource = corev1.Resource("persistentvolumeclaims")

// Admit sets the default class on a claim that names none.
func (p *plugin) Admit(_ context.Context, a admission.Attributes, _ admission.ObjectInterfaces) error {
	if a.GetResource().GroupResource() != claimsResource || a.GetSubresource() != "" {
		return nil
	}
	claim, ok := a.GetObject().(*corev1.PersistentVolumeClaim)
	// A claim with the beta class annotation asked for a class, even an empty one.
	if !ok || volume.PersistentVolumeClaimHasClass(claim) {
		return nil
	}
	classes, err := p.lister.List(labels.Everything())
	if err != nil {
		return admission.NewForbidden(a, err)
	}
	if class, ok := defaultclass.Newest(classes, storagev1defaults.IsDefaultClass); ok {
		claim.Spec.StorageClassName = &class.Name
	}
	return nil
}
