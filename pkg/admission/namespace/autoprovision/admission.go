// Package autoprovision is kube-apiserver's NamespaceAutoProvision admission plugin: creating an
// object in a namespace that does not exist creates the namespace first, for clusters that treat
// namespaces as a naming convention rather than something an administrator hands out.
package autoprovision

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
const PluginName = "NamespaceAutoProvision"

// Register registers the plugin.
func Register(plugins *admission.Plugins) {
	plugins.Register(PluginName, func(io.Reader) (admission.Interface, error) {
		return &plugin{Handler: admission.NewHandler(admission.Create)}, nil
	})
}

type plugin struct {
	*admission.Handler
	client     kubernetes.Interface
	namespaces corev1listers.NamespaceLister
}

var (
	_ admission.MutationInterface                  = &plugin{}
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

// Admit creates the request's namespace when it is missing; a dry run creates nothing.
func (p *plugin) Admit(ctx context.Context, a admission.Attributes, _ admission.ObjectInterfaces) error {
	if a.IsDryRun() || a.GetNamespace() == "" || a.GetKind().GroupKind() == namespaceKind {
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
		return admission.NewForbidden(a, err)
	}
	_, err = p.client.CoreV1().Namespaces().Create(ctx, &corev1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: a.GetNamespace()}}, metav1.CreateOptions{})
	if err != nil && !apierrors.IsAlreadyExists(err) {
		return admission.NewForbidden(a, err)
	}
	return nil
}
