// Package subjectrestriction implements kube-apiserver's CertificateSubjectRestriction admission
// plugin: a CertificateSigningRequest for the kube-apiserver-client signer may not ask for the
// system:masters group, whose members bypass authorization.
package subjectrestriction

import (
	"context"
	"fmt"
	"io"

	certificatesv1 "k8s.io/api/certificates/v1"
	"k8s.io/apiserver/pkg/admission"
	"k8s.io/apiserver/pkg/authentication/user"

	"github.com/kapi-dev/kapi/pkg/admission/certificates"
	"github.com/kapi-dev/kapi/pkg/apis/certificates/validation"
)

// PluginName is the plugin's name in --enable-admission-plugins.
const PluginName = "CertificateSubjectRestriction"

// Register registers the plugin.
func Register(plugins *admission.Plugins) {
	plugins.Register(PluginName, func(io.Reader) (admission.Interface, error) { return New(), nil })
}

// Plugin checks the subject of new requests.
type Plugin struct {
	*admission.Handler
}

var _ admission.ValidationInterface = &Plugin{}

// New returns the plugin.
func New() *Plugin {
	return &Plugin{admission.NewHandler(admission.Create)}
}

// Validate refuses a kube-apiserver-client request whose subject organizations include
// system:masters.
func (p *Plugin) Validate(_ context.Context, a admission.Attributes, _ admission.ObjectInterfaces) error {
	if a.GetResource().GroupResource() != certificatesv1.Resource("certificatesigningrequests") || a.GetSubresource() != "" {
		return nil
	}
	csr, err := certificates.As[*certificatesv1.CertificateSigningRequest](a, a.GetObject(), "CertificateSigningRequest")
	if err != nil {
		return err
	}
	if csr.Spec.SignerName != certificatesv1.KubeAPIServerClientSignerName {
		return nil
	}
	req, err := validation.ParseRequest(csr.Spec.Request)
	if err != nil {
		return admission.NewForbidden(a, fmt.Errorf("failed to parse CSR: %v", err))
	}
	for _, group := range req.Subject.Organization {
		if group == user.SystemPrivilegedGroup {
			return admission.NewForbidden(a, fmt.Errorf("use of %s signer with %s group is not allowed", csr.Spec.SignerName, user.SystemPrivilegedGroup))
		}
	}
	return nil
}
