// Package namespaces is the part of kapi's admission plugins that look up the request's namespace:
// the namespace informer, the client behind it, and their wiring through the admission
// initializers.
package namespaces

import (
	"context"
	"errors"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apiserver/pkg/admission"
	"k8s.io/apiserver/pkg/admission/initializer"
	"k8s.io/client-go/informers"
	"k8s.io/client-go/kubernetes"
	corev1listers "k8s.io/client-go/listers/core/v1"
)

// Plugin is embedded by plugins that read namespaces; it is ready once the informer has synced.
type Plugin struct {
	*admission.Handler
	Client kubernetes.Interface
	Lister corev1listers.NamespaceLister
}

var (
	_ initializer.WantsExternalKubeClientSet       = &Plugin{}
	_ initializer.WantsExternalKubeInformerFactory = &Plugin{}
)

// New returns a Plugin handling operations.
func New(operations ...admission.Operation) Plugin {
	return Plugin{Handler: admission.NewHandler(operations...)}
}

// SetExternalKubeClientSet takes the client Live asks.
func (p *Plugin) SetExternalKubeClientSet(client kubernetes.Interface) { p.Client = client }

// SetExternalKubeInformerFactory takes the namespace informer and waits for it to sync.
func (p *Plugin) SetExternalKubeInformerFactory(f informers.SharedInformerFactory) {
	informer := f.Core().V1().Namespaces()
	p.Lister = informer.Lister()
	p.SetReadyFunc(informer.Informer().HasSynced)
}

// ValidateInitialization checks that both initializers ran.
func (p *Plugin) ValidateInitialization() error {
	if p.Lister == nil {
		return errors.New("missing namespaceLister")
	}
	if p.Client == nil {
		return errors.New("missing client")
	}
	return nil
}

// Live asks the API server for a namespace the informer does not know, since the informer sees a
// namespace created a moment ago only a moment later.
func (p *Plugin) Live(ctx context.Context, name string) (*corev1.Namespace, error) {
	return p.Client.CoreV1().Namespaces().Get(ctx, name, metav1.GetOptions{})
}

// IsNamespace tells whether a concerns a namespace itself rather than an object in one.
func IsNamespace(a admission.Attributes) bool {
	return a.GetKind().GroupKind() == corev1.SchemeGroupVersion.WithKind("Namespace").GroupKind()
}

// NotReady is the error of a plugin whose informer has not synced in time.
func NotReady(a admission.Attributes) error {
	return admission.NewForbidden(a, errors.New("not yet ready to handle request"))
}
