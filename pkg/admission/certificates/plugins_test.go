package certificates_test

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"testing"

	certificatesv1 "k8s.io/api/certificates/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apiserver/pkg/admission"
	"k8s.io/apiserver/pkg/authentication/user"
	"k8s.io/apiserver/pkg/authorization/authorizer"

	"github.com/kapi-dev/kapi/pkg/admission/certificates"
	"github.com/kapi-dev/kapi/pkg/admission/certificates/approval"
	"github.com/kapi-dev/kapi/pkg/admission/certificates/ctbattest"
	"github.com/kapi-dev/kapi/pkg/admission/certificates/signing"
	"github.com/kapi-dev/kapi/pkg/admission/certificates/subjectrestriction"
)

// signerAuthorizer allows verb on the signers resource named allowed, and nothing else.
func signerAuthorizer(verb, allowed string) authorizer.Authorizer {
	return authorizer.AuthorizerFunc(func(_ context.Context, attr authorizer.Attributes) (authorizer.Decision, string, error) {
		if attr.GetAPIGroup() == certificatesv1.GroupName && attr.GetResource() == "signers" && attr.GetVerb() == verb && attr.GetName() == allowed {
			return authorizer.DecisionAllow, "", nil
		}
		return authorizer.DecisionNoOpinion, "", nil
	})
}

func csr(signer string, certificate string, conditions ...certificatesv1.RequestConditionType) *certificatesv1.CertificateSigningRequest {
	c := &certificatesv1.CertificateSigningRequest{ObjectMeta: metav1.ObjectMeta{Name: "c"}, Spec: certificatesv1.CertificateSigningRequestSpec{SignerName: signer}}
	c.Status.Certificate = []byte(certificate)
	for _, t := range conditions {
		c.Status.Conditions = append(c.Status.Conditions, certificatesv1.CertificateSigningRequestCondition{Type: t})
	}
	return c
}

func bundle(signer, anchors string) *certificatesv1.ClusterTrustBundle {
	return &certificatesv1.ClusterTrustBundle{ObjectMeta: metav1.ObjectMeta{Name: "b"}, Spec: certificatesv1.ClusterTrustBundleSpec{SignerName: signer, TrustBundle: anchors}}
}

func TestSignerPlugins(t *testing.T) {
	csrs := certificatesv1.Resource("certificatesigningrequests").WithVersion("v1")
	ctbs := certificatesv1.Resource("clustertrustbundles").WithVersion("v1")
	for _, tc := range []struct {
		name        string
		plugin      *certificates.SignerPlugin
		verb        string
		allowed     string
		op          admission.Operation
		resource    string
		subresource string
		obj, old    runtime.Object
		want        string
	}{
		{"approve by name", approval.New(), "approve", "example.com/s", admission.Update, "csr", "approval", csr("example.com/s", ""), csr("example.com/s", ""), ""},
		{"approve by domain", approval.New(), "approve", "example.com/*", admission.Update, "csr", "approval", csr("example.com/s", ""), csr("example.com/s", ""), ""},
		{"approve refused", approval.New(), "approve", "other.com/s", admission.Update, "csr", "approval", csr("example.com/s", ""), csr("example.com/s", ""),
			`certificatesigningrequests.certificates.k8s.io "c" is forbidden: user not permitted to approve requests with signerName "example.com/s"`},
		{"approval plugin ignores status", approval.New(), "approve", "", admission.Update, "csr", "status", csr("example.com/s", ""), csr("example.com/s", ""), ""},
		{"sign refused", signing.New(), "sign", "", admission.Update, "csr", "status", csr("example.com/s", "cert"), csr("example.com/s", ""),
			`certificatesigningrequests.certificates.k8s.io "c" is forbidden: user not permitted to sign requests with signerName "example.com/s"`},
		{"failing needs sign", signing.New(), "sign", "", admission.Update, "csr", "status", csr("example.com/s", "", certificatesv1.CertificateFailed), csr("example.com/s", ""),
			`certificatesigningrequests.certificates.k8s.io "c" is forbidden: user not permitted to sign requests with signerName "example.com/s"`},
		{"status write without change", signing.New(), "sign", "", admission.Update, "csr", "status", csr("example.com/s", "cert"), csr("example.com/s", "cert"), ""},
		{"sign allowed", signing.New(), "sign", "example.com/s", admission.Update, "csr", "status", csr("example.com/s", "cert"), csr("example.com/s", ""), ""},
		{"attest refused", ctbattest.New(), "attest", "", admission.Create, "ctb", "", bundle("example.com/s", "a"), nil,
			`clustertrustbundles.certificates.k8s.io "b" is forbidden: user not permitted to attest for signerName "example.com/s"`},
		{"attest allowed", ctbattest.New(), "attest", "example.com/s", admission.Create, "ctb", "", bundle("example.com/s", "a"), nil, ""},
		{"bundle without signer", ctbattest.New(), "attest", "", admission.Create, "ctb", "", bundle("", "a"), nil, ""},
		{"unchanged bundle", ctbattest.New(), "attest", "", admission.Update, "ctb", "", bundle("example.com/s", "a"), bundle("example.com/s", "a"), ""},
		{"changed bundle", ctbattest.New(), "attest", "", admission.Update, "ctb", "", bundle("example.com/s", "b"), bundle("example.com/s", "a"),
			`clustertrustbundles.certificates.k8s.io "b" is forbidden: user not permitted to attest for signerName "example.com/s"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tc.plugin.SetAuthorizer(signerAuthorizer(tc.verb, tc.allowed))
			resource, kind := csrs, certificatesv1.SchemeGroupVersion.WithKind("CertificateSigningRequest")
			if tc.resource == "ctb" {
				resource, kind = ctbs, certificatesv1.SchemeGroupVersion.WithKind("ClusterTrustBundle")
			}
			name := tc.obj.(metav1.Object).GetName()
			attrs := admission.NewAttributesRecord(tc.obj, tc.old, kind, "", name, resource, tc.subresource, tc.op, nil, false, &user.DefaultInfo{Name: "u"})
			err := tc.plugin.Validate(context.Background(), attrs, nil)
			if got := errString(err); got != tc.want {
				t.Errorf("error = %q, want %q", got, tc.want)
			}
		})
	}
}

func TestPluginsNeedAnAuthorizer(t *testing.T) {
	for _, p := range []admission.InitializationValidator{approval.New(), signing.New(), ctbattest.New()} {
		if p.ValidateInitialization() == nil {
			t.Errorf("%T validates without an authorizer", p)
		}
	}
}

func TestSubjectRestriction(t *testing.T) {
	for _, tc := range []struct {
		signer string
		orgs   []string
		want   string
	}{
		{certificatesv1.KubeAPIServerClientSignerName, []string{"devs", "system:masters"},
			`certificatesigningrequests.certificates.k8s.io "c" is forbidden: use of kubernetes.io/kube-apiserver-client signer with system:masters group is not allowed`},
		{certificatesv1.KubeAPIServerClientSignerName, []string{"devs"}, ""},
		{"example.com/s", []string{"system:masters"}, ""},
	} {
		obj := csr(tc.signer, "")
		obj.Spec.Request = request(t, tc.orgs)
		attrs := admission.NewAttributesRecord(obj, nil, certificatesv1.SchemeGroupVersion.WithKind("CertificateSigningRequest"), "", "c",
			certificatesv1.Resource("certificatesigningrequests").WithVersion("v1"), "", admission.Create, nil, false, &user.DefaultInfo{Name: "u"})
		if got := errString(subjectrestriction.New().Validate(context.Background(), attrs, nil)); got != tc.want {
			t.Errorf("%s %v: error = %q, want %q", tc.signer, tc.orgs, got, tc.want)
		}
	}
}

func TestIsAuthorizedForSignerName(t *testing.T) {
	authz := signerAuthorizer("sign", "example.com/*")
	u := &user.DefaultInfo{Name: "u"}
	if !certificates.IsAuthorizedForSignerName(context.Background(), authz, u, "sign", "example.com/any") {
		t.Error("the domain wildcard does not cover a signer of the domain")
	}
	if certificates.IsAuthorizedForSignerName(context.Background(), authz, u, "sign", "sub.example.com/any") {
		t.Error("the domain wildcard covers a signer of another domain")
	}
}

func request(t *testing.T, orgs []string) []byte {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	der, err := x509.CreateCertificateRequest(rand.Reader, &x509.CertificateRequest{Subject: pkix.Name{CommonName: "x", Organization: orgs}}, key)
	if err != nil {
		t.Fatal(err)
	}
	return pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE REQUEST", Bytes: der})
}

func errString(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}
