// Package storageobjectinuseprotection is kube-apiserver's StorageObjectInUseProtection admission
// plugin: every PersistentVolumeClaim and PersistentVolume is created with a protection finalizer,
// so that deleting a claim a pod still uses, or a volume a claim is still bound to, waits until the
// pvc-protection or pv-protection controller sees it unused and removes the finalizer.
package storageobjectinuseprotection

import (
	"context"
	"io"
	"slices"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apiserver/pkg/admission"
)

// PluginName is the plugin's name in --enable-admission-plugins.
const PluginName = "StorageObjectInUseProtection"

const (
	// PVCFinalizer protects a claim while pods use it.
	PVCFinalizer = "kubernetes.io/pvc-protection"
	// PVFinalizer protects a volume while a claim is bound to it.
	PVFinalizer = "kubernetes.io/pv-protection"
)

// Register registers the plugin.
func Register(plugins *admission.Plugins) {
	plugins.Register(PluginName, func(io.Reader) (admission.Interface, error) {
		return &plugin{Handler: admission.NewHandler(admission.Create)}, nil
	})
}

type plugin struct {
	*admission.Handler
}

var _ admission.MutationInterface = &plugin{}

var (
	claimsResource  = corev1.Resource("persistentvolumeclaims")
	volumesResource = corev1.Resource("persistentvolumes")
)

// Admit adds the protection finalizer to a new claim or volume that lacks it.
func (p *plugin) Admit(_ context.Context, a admission.Attributes, _ admission.ObjectInterfaces) error {
	if a.GetSubresource() != "" {
		return nil
	}
	switch a.GetResource().GroupResource() {
	case claimsResource:
		if claim, ok := a.GetObject().(*corev1.PersistentVolumeClaim); ok {
			claim.Finalizers = withFinalizer(claim.Finalizers, PVCFinalizer)
		}
	case volumesResource:
		if volume, ok := a.GetObject().(*corev1.PersistentVolume); ok {
			volume.Finalizers = withFinalizer(volume.Finalizers, PVFinalizer)
		}
	}
	return nil
}

func withFinalizer(finalizers []string, finalizer string) []string {
	if slices.Contains(finalizers, finalizer) {
		return finalizers
	}
	return append(finalizers, finalizer)
}
