// Package exists is kube-apiserver's NamespaceExists admission plugin: creates, updates and
// deletes in a namespace that does not exist are refused with the namespace's 404.
package exists

import (
	"context"
	"errors"
	"fmt"
	"io"

	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apiserver/pkg/admission"
	"k8s.io/apiserver/pkg/admission/initializer"
	"k8s.io/client-go/informers"
	"k8s.io/client-go/kubernetes"
	corev1listers "k8s.io/client-go/listers/core/v1"
)

// PluginName is the plugin's name in --enable-admission-plugins.
const PluginName = "NamespaceExists"

// Register registers the plugin.
func Register(plugins *admission.Plugins) {
	plugins.Register(PluginName, func(io.Reader) (admission.Interface, error) {
		return &plugin{Handler: admission.NewHandler(admission.Create, admission.Update, admission.Delete)}, nil
	})
}

type plugin struct {
	*admission.Handler
	client     kubernetes.Interface
	namespaces corev1listers.NamespaceLister
}

var (
	_ admission.ValidationInterface                = &plugin{}
	_ initializer.WantsExternalKubeClientSet       = &plugin{}
	_ initializer.WantsExternalKubeInformerFactory = &plugin{}
)

func (p *plugin) SetExternalKubeClientSet(client kubernetes.Interface) { p.client = client }

func (p *plugin) SetExternalKubeInformerFactory(f informers.SharedInformerFactory) {
	informer := f.Core().V1().Namespaces()
	p.namespaces = informer.Lister()
	p.SetReadyFunc(informer.Informer().HasSynced)
}

func (p *plugin) ValidateInitialization() error {
	if p.namespaces == nil {
		return errors.New("missing namespaceLister")
	}
	if p.client == nil {
		return errors.New("missing client")
	}
	return nil
}

var namespaceKind = corev1.SchemeGroupVersion.WithKind("Namespace").GroupKind()

// Validate refuses the request when its namespace does not exist.
func (p *plugin) Validate(ctx context.Context, a admission.Attributes, _ admission.ObjectInterfaces) error {
	if a.GetNamespace() == "" || a.GetKind().GroupKind() == namespaceKind {
		return nil
	}
	if !p.WaitForReady() {
		return admission.NewForbidden(a, fmt.Errorf("not yet ready to handle request"))
	}
	_, err := p.namespaces.Get(a.GetNamespace())
	if err == nil {
		return nil
	}
	if !apierrors.IsNotFound(err) {
		return apierrors.NewInternalError(err)
	}
	// The informer may not have seen a namespace created a moment ago.
	_, err = p.client.CoreV1().Namespaces().Get(ctx, a.GetNamespace(), metav1.GetOptions{})
	if err == nil || apierrors.IsNotFound(err) {
		return err
	}
	return apierrors.NewInternalError(err)
}
