// Package exists is kube-apiserver's NamespaceExists admission plugin: creates, updates and
// deletes in a namespace that does not exist are refused with the namespace's 404.
package exists

import (
	"context"
	"io"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apiserver/pkg/admission"

	"github.com/kapi-dev/kapi/pkg/admission/internal/namespaces"
)

// PluginName is the plugin's name in --enable-admission-plugins.
const PluginName = "NamespaceExists"

// Register registers the plugin.
func Register(plugins *admission.Plugins) {
	plugins.Register(PluginName, func(io.Reader) (admission.Interface, error) {
		return &plugin{Plugin: namespaces.New(admission.Create, admission.Update, admission.Delete)}, nil
	})
}

type plugin struct {
	namespaces.Plugin
}

var _ admission.ValidationInterface = &plugin{}

// Validate refuses the request when its namespace does not exist.
func (p *plugin) Validate(ctx context.Context, a admission.Attributes, _ admission.ObjectInterfaces) error {
	if a.GetNamespace() == "" || namespaces.IsNamespace(a) {
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
		return apierrors.NewInternalError(err)
	}
	_, err = p.Live(ctx, a.GetNamespace())
	if err == nil || apierrors.IsNotFound(err) {
		return err
	}
	return apierrors.NewInternalError(err)
}
