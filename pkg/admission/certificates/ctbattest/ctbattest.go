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
	"k8s.io/apiserver/pkg/authorization/authorizer"

	"github.com/kapi-dev/kapi/pkg/admission/certificates"
)

// PluginName is the plugin's name in --enable-admission-plugins.
const PluginName = "ClusterTrustBundleAttest"

// Register registers the plugin.
func Register(plugins *admission.Plugins) {
	plugins.Register(PluginName, func(io.Reader) (admission.Interface, error) { return New(), nil })
}

// New returns the plugin, which needs an authorizer before use.
func New() *certificates.SignerPlugin {
	return certificates.NewSignerPlugin(PluginName, validate, admission.Create, admission.Update)
}

// validate refuses a create or a spec change of a bundle with a signer name by a user who may not
// attest for that signer. Updates that leave the spec alone pass, so that storage migration and
// the garbage collector keep working.
func validate(ctx context.Context, a admission.Attributes, authz authorizer.Authorizer) error {
	if a.GetResource().GroupResource() != certificatesv1.Resource("clustertrustbundles") || a.GetSubresource() != "" {
		return nil
	}
	bundle, err := certificates.As[*certificatesv1.ClusterTrustBundle](a, a.GetObject(), "ClusterTrustBundle")
	if err != nil {
		return err
	}
	if a.GetOperation() == admission.Update {
		old, err := certificates.As[*certificatesv1.ClusterTrustBundle](a, a.GetOldObject(), "ClusterTrustBundle")
		if err != nil {
			return err
		}
		if apiequality.Semantic.DeepEqual(bundle.Spec, old.Spec) {
			return nil
		}
	}
	if bundle.Spec.SignerName == "" {
		return nil
	}
	if !certificates.IsAuthorizedForSignerName(ctx, authz, a.GetUserInfo(), "attest", bundle.Spec.SignerName) {
		return admission.NewForbidden(a, fmt.Errorf("user not permitted to attest for signerName %q", bundle.Spec.SignerName))
	}
	return nil
}
