// Package persistentvolumeclaimresize is kube-apiserver's PersistentVolumeClaimResize admission
// plugin: a claim may only ask for more storage once it is bound, and only when its StorageClass
// allows volume expansion, since nothing else could grow the volume behind it.
package persistentvolumeclaimresize

import (
	"context"
	"errors"
	"io"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apiserver/pkg/admission"
	"k8s.io/apiserver/pkg/admission/initializer"
	"k8s.io/client-go/informers"
	storagev1listers "k8s.io/client-go/listers/storage/v1"
	"k8s.io/component-helpers/storage/volume"
)

// PluginName is the plugin's name in --enable-admission-plugins.
const PluginName = "PersistentVolumeClaimResize"

// Register registers the plugin.
func Register(plugins *admission.Plugins) {
	plugins.Register(PluginName, func(io.Reader) (admission.Interface, error) {
		return &plugin{Handler: admission.NewHandler(admission.Update)}, nil
	})
}

type plugin struct {
	*admission.Handler
	lister storagev1listers.StorageClassLister
}

var (
	_ admission.ValidationInterface                = &plugin{}
	_ initializer.WantsExternalKubeInformerFactory = &plugin{}
)

func (p *plugin) SetExternalKubeInformerFactory(f informers.SharedInformerFactory) {
	informer := f.Storage().V1().StorageClasses()
	p.lister = informer.Lister()
	p.SetReadyFunc(informer.Informer().HasSynced)
}

func (p *plugin) ValidateInitialization() error {
	if p.lister == nil {
		return errors.New("missing storageclass lister")
	}
	return nil
}

var claimsResource = corev1.Resource("persistentvolumeclaims")

// Validate refuses an update that grows a claim which cannot grow.
func (p *plugin) Validate(_ context.Context, a admission.Attributes, _ admission.ObjectInterfaces) error {
	if a.GetResource().GroupResource() != claimsResource || a.GetSubresource() != "" {
		return nil
	}
	claim, ok := a.GetObject().(*corev1.PersistentVolumeClaim)
	if !ok {
		return nil
	}
	old, ok := a.GetOldObject().(*corev1.PersistentVolumeClaim)
	if !ok {
		return nil
	}
	newSize := claim.Spec.Resources.Requests[corev1.ResourceStorage]
	if newSize.Cmp(old.Spec.Resources.Requests[corev1.ResourceStorage]) <= 0 {
		return nil
	}
	if old.Status.Phase != corev1.ClaimBound {
		return admission.NewForbidden(a, errors.New("Only bound persistent volume claims can be expanded"))
	}
	if !p.expandable(volume.GetPersistentVolumeClaimClass(claim), volume.GetPersistentVolumeClaimClass(old)) {
		return admission.NewForbidden(a, errors.New("only dynamically provisioned pvc can be resized and the storageclass that provisions the pvc must support resize"))
	}
	return nil
}

// expandable tells whether the claim kept its class and the class allows expansion.
func (p *plugin) expandable(class, oldClass string) bool {
	if class == "" || class != oldClass {
		return false
	}
	sc, err := p.lister.Get(class)
	if err != nil {
		return false
	}
	return sc.AllowVolumeExpansion != nil && *sc.AllowVolumeExpansion
}
