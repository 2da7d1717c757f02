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
	"k8s.io/apiserver/pkg/admission/initializer"

	"github.com/kapi-dev/kapi/pkg/admission/certificates"
)

// PluginName is the plugin's name in --enable-admission-plugins.
const PluginName = "CertificateApproval"

// Register registers the plugin.
func Register(plugins *admission.Plugins) {
	plugins.Register(PluginName, func(io.Reader) (admission.Interface, error) { return New(), nil })
}

// Plugin checks approvals.
type Plugin struct {
	certificates.AuthorizingPlugin
}

var (
	_ admission.ValidationInterface = &Plugin{}
	_ initializer.WantsAuthorizer   = &Plugin{}
)

// New returns the plugin, which needs an authorizer before use.
func New() *Plugin {
	return &Plugin{certificates.NewAuthorizingPlugin(PluginName, admission.Update)}
}

// Validate refuses an approval write by a user who may not approve for the request's signer.
func (p *Plugin) Validate(ctx context.Context, a admission.Attributes, _ admission.ObjectInterfaces) error {
	if a.GetResource().GroupResource() != certificatesv1.Resource("certificatesigningrequests") || a.GetSubresource() != "approval" {
		return nil
	}
	csr, ok := a.GetObject().(*certificatesv1.CertificateSigningRequest)
	if !ok {
		return admission.NewForbidden(a, fmt.Errorf("expected type CertificateSigningRequest, got: %T", a.GetObject()))
	}
	if !certificates.IsAuthorizedForSignerName(ctx, p.Authorizer, a.GetUserInfo(), "approve", csr.Spec.SignerName) {
		return admission.NewForbidden(a, fmt.Errorf("user not permitted to approve requests with signerName %q", csr.Spec.SignerName))
	}
	return nil
}
