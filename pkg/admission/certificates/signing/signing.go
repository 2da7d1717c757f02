// Package signing implements kube-apiserver's CertificateSigning admission plugin: setting the
// certificate or the conditions of a CertificateSigningRequest through its status subresource
// needs the verb "sign" on the request's signer.
package signing

import (
	"bytes"
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
const PluginName = "CertificateSigning"

// Register registers the plugin.
func Register(plugins *admission.Plugins) {
	plugins.Register(PluginName, func(io.Reader) (admission.Interface, error) { return New(), nil })
}

// New returns the plugin, which needs an authorizer before use.
func New() *certificates.SignerPlugin {
	return certificates.NewSignerPlugin(PluginName, validate, admission.Update)
}

// validate refuses a status write that issues a certificate or changes conditions, by a user who
// may not sign for the request's signer. Writes that change neither, such as a storage migration,
// pass.
func validate(ctx context.Context, a admission.Attributes, authz authorizer.Authorizer) error {
	if a.GetResource().GroupResource() != certificatesv1.Resource("certificatesigningrequests") || a.GetSubresource() != "status" {
		return nil
	}
	csr, err := certificates.As[*certificatesv1.CertificateSigningRequest](a, a.GetObject(), "CertificateSigningRequest")
	if err != nil {
		return err
	}
	old, err := certificates.As[*certificatesv1.CertificateSigningRequest](a, a.GetOldObject(), "CertificateSigningRequest")
	if err != nil {
		return err
	}
	if bytes.Equal(csr.Status.Certificate, old.Status.Certificate) && apiequality.Semantic.DeepEqual(csr.Status.Conditions, old.Status.Conditions) {
		return nil
	}
	if !certificates.IsAuthorizedForSignerName(ctx, authz, a.GetUserInfo(), "sign", old.Spec.SignerName) {
		return admission.NewForbidden(a, fmt.Errorf("user not permitted to sign requests with signerName %q", old.Spec.SignerName))
	}
	return nil
}
