// Package approval implements kube-apiserver's CertificateApproval admission plugin: approving or
// denying a CertificateSigningRequest through its approval subresource needs the verb "approve" on
// the request's signer.
package approval

import (
	"context"
	"fmt"
	"io"

	certificatesv1 "k8s.io/api/certificates/v1"
	"k8s.io/apiserver/pkg/admission"
	"k8s.io/apiserver/pkg/authorization/authorizer"

	"github.com/kapi-dev/kapi/pkg/admission/certificates"
)

// PluginName is the plugin's name in --enable-admission-plugins.
const PluginName = "CertificateApproval"

// Register registers the plugin.
func Register(plugins *admission.Plugins) {
	plugins.Register(PluginName, func(io.Reader) (admission.Interface, error) { return New(), nil })
}

// New returns the plugin, which needs an authorizer before use.
func New() *certificates.SignerPlugin {
	return certificates.NewSignerPlugin(PluginName, validate, admission.Update)
}

// validate refuses an approval write by a user who may not approve for the request's signer.
func validate(ctx context.Context, a admission.Attributes, authz authorizer.Authorizer) error {
	if a.GetResource().GroupResource() != certificatesv1.Resource("certificatesigningrequests") || a.GetSubresource() != "approval" {
		return nil
	}
	csr, err := certificates.As[*certificatesv1.CertificateSigningRequest](a, a.GetObject(), "CertificateSigningRequest")
	if err != nil {
		return err
	}
	if !certificates.IsAuthorizedForSignerName(ctx, authz, a.GetUserInfo(), "approve", csr.Spec.SignerName) {
		return admission.NewForbidden(a, fmt.Errorf("user not permitted to approve requests with signerName %q", csr.Spec.SignerName))
	}
	return nil
}
