// Package defaultstorageclass is kube-apiserver's DefaultStorageClass admission plugin: a
// PersistentVolumeClaim created without a storage class gets the cluster's default StorageClass,
// the newest of those annotated as default.
package defaultstorageclass

import (
	"context"
	"errors"
	"io"

	corev1 "k8s.io/api/core/v1"
	storagev1 "k8s.io/api/storage/v1"
	"k8s.io/apimachinery/pkg/labels"
	"k8s.io/apiserver/pkg/admission"
	"k8s.io/apiserver/pkg/admission/initializer"
	"k8s.io/client-go/informers"
	storagev1listers "k8s.io/client-go/listers/storage/v1"

	"github.com/kapi-dev/kapi/pkg/admission/internal/defaultclass"
)

// PluginName is the plugin's name in --enable-admission-plugins.
const PluginName = "DefaultStorageClass"

const (
	// isDefaultAnnotation marks a StorageClass as the default one.
	isDefaultAnnotation = "storageclass.kubernetes.io/is-default-class"
	// betaIsDefaultAnnotation is the annotation's older name, which kube-apiserver still honours.
	betaIsDefaultAnnotation = "storageclass.beta.kubernetes.io/is-default-class"
	// betaClassAnnotation names a claim's class the way claims did before spec.storageClassName;
	// a claim that has it asked for a class, even an empty one.
	betaClassAnnotation = "volume.beta.kubernetes.io/storage-class"
)

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
	if !ok || claim.Spec.StorageClassName != nil {
		return nil
	}
	if _, ok := claim.Annotations[betaClassAnnotation]; ok {
		return nil
	}
	classes, err := p.lister.List(labels.Everything())
	if err != nil {
		return admission.NewForbidden(a, err)
	}
	if class, ok := defaultclass.Newest(classes, isDefault); ok {
		claim.Spec.StorageClassName = &class.Name
	}
	return nil
}

func isDefault(class *storagev1.StorageClass) bool {
	return class.Annotations[isDefaultAnnotation] == "true" || class.Annotations[betaIsDefaultAnnotation] == "true"
}
