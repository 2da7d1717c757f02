// Package autoprovision is kube-apiserver's NamespaceAutoProvision admission plugin: creating an
// object in a namespace that does not exist creates the namespace first, for clusters that treat
// namespaces as a naming convention rather than something an administrator hands out.
package autoprovision

import (
	"context"
	"io"

	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apiserver/pkg/admission"

	"github.com/kapi-dev/kapi/pkg/admission/internal/namespaces"
)

// PluginName is the plugin's name in --enable-admission-plugins.
const PluginName = "NamespaceAutoProvision"

// Register registers the plugin.
func Register(plugins *admission.Plugins) {
	plugins.Register(PluginName, func(io.Reader) (admission.Interface, error) {
		return &plugin{Plugin: namespaces.New(admission.Create)}, nil
	})
}

type plugin struct {
	namespaces.Plugin
}

var _ admission.MutationInterface = &plugin{}

// Admit creates the request's namespace when it is missing; a dry run creates nothing.
func (p *plugin) Admit(ctx context.Context, a admission.Attributes, _ admission.ObjectInterfaces) error {
	if a.IsDryRun() || a.GetNamespace() == "" || namespaces.IsNamespace(a) {
		return nil
	}
	if !p.WaitForReady() {
		return namespaces.NotReady(a)
	}
	_, err := p.Lister.Get(a.GetNamespace())
	if err == nil {
		return nil
	}
	if !apierrors.IsNotFound(err) {
		return admission.NewForbidden(a, err)
	}
	_, err = p.Client.CoreV1().Namespaces().Create(ctx, &corev1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: a.GetNamespace()}}, metav1.CreateOptions{})
	if err != nil && !apierrors.IsAlreadyExists(err) {
		return admission.NewForbidden(a, err)
	}
	return nil
}
