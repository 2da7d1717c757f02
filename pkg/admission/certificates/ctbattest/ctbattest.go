// Package ctbattest implements kube-apiserver's ClusterTrustBundleAttest admission plugin: writing a
// ClusterTrustBundle for a signer needs the verb "attest" on that signer, since consumers trust the
// bundle's anchors for the signer's certificates.
package ctbattest

import (
	"context"
	"fmt"
	"io"

	certificatesv1 "k8s.io/api/certificates/v1"
	apiequality "k8s.io/apimachinery/pkg/api/equality"
	"k8s.io/apiserver/pkg/admission"
	"k8s.io/apiserver/pkg/admission/initializer"

	"github.com/kapi-dev/kapi/pkg/admission/certificates"
)

// PluginName is the plugin's name in --enable-admission-plugins.
const PluginName = "ClusterTrustBundleAttest"

// Register registers the plugin.
func Register(plugins *admission.Plugins) {
	plugins.Register(PluginName, func(io.Reader) (admission.Interface, error) { return New(), nil })
}

// Plugin checks bundle writes.
type Plugin struct {
	certificates.AuthorizingPlugin
}

var (
	_ admission.ValidationInterface = &Plugin{}
	_ initializer.WantsAuthorizer   = &Plugin{}
)

// New returns the plugin, which needs an authorizer before use.
func New() *Plugin {
	return &Plugin{certificates.NewAuthorizingPlugin(PluginName, admission.Create, admission.Update)}
}

// Validate refuses a create or a spec change of a bundle with a signer name by a user who may not
// attest for that signer. Updates that leave the spec alone pass, so that storage migration and
// the garbage collector keep working.
func (p *Plugin) Validate(ctx context.Context, a admission.Attributes, _ admission.ObjectInterfaces) error {
	if a.GetResource().GroupResource() != certificatesv1.Resource("clustertrustbundles") || a.GetSubresource() != "" {
		return nil
	}
	bundle, ok := a.GetObject().(*certificatesv1.ClusterTrustBundle)
	if !ok {
		return admission.NewForbidden(a, fmt.Errorf("expected type ClusterTrustBundle, got: %T", a.GetObject()))
	}
	if a.GetOperation() == admission.Update {
		old, ok := a.GetOldObject().(*certificatesv1.ClusterTrustBundle)
		if !ok {
			return admission.NewForbidden(a, fmt.Errorf("expected type ClusterTrustBundle, got: %T", a.GetOldObject()))
		}
		if apiequality.Semantic.DeepEqual(bundle.Spec, old.Spec) {
			return nil
		}
	}
	if bundle.Spec.SignerName == "" {
		return nil
	}
	if !certificates.IsAuthorizedForSignerName(ctx, p.Authorizer, a.GetUserInfo(), "attest", bundle.Spec.SignerName) {
		return admission.NewForbidden(a, fmt.Errorf("user not permitted to attest for signerName %q", bundle.Spec.SignerName))
	}
	return nil
}
