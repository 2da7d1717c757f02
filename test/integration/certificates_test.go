package integration

import (
	"context"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"fmt"
	authorizationv1 "k8s.io/api/authorization/v1"
	"math/big"
	"slices"
	"testing"
	"time"

	authenticationv1 "k8s.io/api/authentication/v1"
	certificatesv1 "k8s.io/api/certificates/v1"
	corev1 "k8s.io/api/core/v1"
	rbacv1 "k8s.io/api/rbac/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/rest"
	"k8s.io/client-go/util/keyutil"
)

// csrRequest returns a PEM certificate request for a new key, and the key in PEM.
func csrRequest(t *testing.T, cn string, orgs ...string) (request, keyPEM []byte) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	der, err := x509.CreateCertificateRequest(rand.Reader, &x509.CertificateRequest{Subject: pkix.Name{CommonName: cn, Organization: orgs}}, key)
	if err != nil {
		t.Fatal(err)
	}
	keyPEM, err = keyutil.MarshalPrivateKeyToPEM(key)
	if err != nil {
		t.Fatal(err)
	}
	return pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE REQUEST", Bytes: der}), keyPEM
}

func clientCSR(name string, request []byte, expirationSeconds *int32) *certificatesv1.CertificateSigningRequest {
	return &certificatesv1.CertificateSigningRequest{
		ObjectMeta: metav1.ObjectMeta{Name: name},
		Spec: certificatesv1.CertificateSigningRequestSpec{
			Request:           request,
			SignerName:        certificatesv1.KubeAPIServerClientSignerName,
			ExpirationSeconds: expirationSeconds,
			Usages:            []certificatesv1.KeyUsage{certificatesv1.UsageDigitalSignature, certificatesv1.UsageClientAuth},
		},
	}
}

// grantCSRs lets user create and read CSRs and write their approval, but not approve for any signer.
func grantCSRs(t *testing.T, admin kubernetes.Interface, user string) {
	t.Helper()
	ctx := context.Background()
	role := "csr-user-" + user
	if _, err := admin.RbacV1().ClusterRoles().Create(ctx, &rbacv1.ClusterRole{
		ObjectMeta: metav1.ObjectMeta{Name: role},
		Rules: []rbacv1.PolicyRule{
			{APIGroups: []string{certificatesv1.GroupName}, Resources: []string{"certificatesigningrequests"}, Verbs: []string{"create", "get"}},
			{APIGroups: []string{certificatesv1.GroupName}, Resources: []string{"certificatesigningrequests/approval"}, Verbs: []string{"update"}},
		},
	}, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	if _, err := admin.RbacV1().ClusterRoleBindings().Create(ctx, &rbacv1.ClusterRoleBinding{
		ObjectMeta: metav1.ObjectMeta{Name: role},
		RoleRef:    bindingTo("ClusterRole", role),
		Subjects:   []rbacv1.Subject{userSubject(user)},
	}, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
}

func approve(csr *certificatesv1.CertificateSigningRequest, t certificatesv1.RequestConditionType, reason string) *certificatesv1.CertificateSigningRequest {
	csr = csr.DeepCopy()
	csr.Status.Conditions = append(csr.Status.Conditions, certificatesv1.CertificateSigningRequestCondition{Type: t, Reason: reason, Message: "by the test"})
	return csr
}

// waitIssued waits for the signing controller to issue csr's certificate.
func waitIssued(t *testing.T, client kubernetes.Interface, name string) *certificatesv1.CertificateSigningRequest {
	t.Helper()
	var csr *certificatesv1.CertificateSigningRequest
	eventually(t, func() error {
		var err error
		if csr, err = client.CertificatesV1().CertificateSigningRequests().Get(context.Background(), name, metav1.GetOptions{}); err != nil {
			return err
		}
		if len(csr.Status.Certificate) == 0 {
			return fmt.Errorf("%s has no certificate yet, conditions %+v", name, csr.Status.Conditions)
		}
		return nil
	})
	return csr
}

func TestCertificateSigningRequestFlow(t *testing.T) {
	ctx := context.Background()
	admin := jsonClient(t)
	grantCSRs(t, admin, "csr-alice")
	alice := impersonating(t, "csr-alice", "devs")
	request, keyPEM := csrRequest(t, "csr-alice", "devs")

	var csr *certificatesv1.CertificateSigningRequest
	eventually(t, func() error {
		var err error
		csr, err = alice.CertificatesV1().CertificateSigningRequests().Create(ctx, clientCSR("csr-alice", request, ptr[int32](3600)), metav1.CreateOptions{})
		return err
	})
	if csr.Spec.Username != "csr-alice" || !slices.Equal(csr.Spec.Groups, []string{"devs", "system:authenticated"}) || len(csr.Status.Conditions) != 0 {
		t.Errorf("created CSR: username %q, groups %v, conditions %v; want the requester recorded and no status", csr.Spec.Username, csr.Spec.Groups, csr.Status.Conditions)
	}

	// Alice may write approvals, but not approve for the signer: admission refuses her.
	_, err := alice.CertificatesV1().CertificateSigningRequests().UpdateApproval(ctx, csr.Name, approve(csr, certificatesv1.CertificateApproved, "Self"), metav1.UpdateOptions{})
	expectForbidden(t, err, `certificatesigningrequests.certificates.k8s.io "csr-alice" is forbidden: user not permitted to approve requests with signerName "kubernetes.io/kube-apiserver-client"`)

	approved, err := admin.CertificatesV1().CertificateSigningRequests().UpdateApproval(ctx, csr.Name, approve(csr, certificatesv1.CertificateApproved, "KubectlApprove"), metav1.UpdateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if c := approved.Status.Conditions; len(c) != 1 || c[0].Status != corev1.ConditionTrue || c[0].LastUpdateTime.IsZero() || c[0].LastTransitionTime.IsZero() {
		t.Errorf("conditions after approval = %+v, want Approved defaulted to True with its times set", c)
	}

	issued := waitIssued(t, admin, csr.Name)
	block, _ := pem.Decode(issued.Status.Certificate)
	cert, err := x509.ParseCertificate(block.Bytes)
	if err != nil {
		t.Fatal(err)
	}
	if cert.Subject.CommonName != "csr-alice" || !slices.Equal(cert.ExtKeyUsage, []x509.ExtKeyUsage{x509.ExtKeyUsageClientAuth}) {
		t.Errorf("certificate subject %v, extended usages %v; want the request's subject for client auth", cert.Subject, cert.ExtKeyUsage)
	}
	if until := time.Until(cert.NotAfter); until > time.Hour || until < 55*time.Minute {
		t.Errorf("certificate expires in %v, want the hour expirationSeconds asked for", until)
	}

	// The certificate authenticates as the user and groups of its subject.
	certConfig := rest.AnonymousClientConfig(server.ClientConfig)
	certConfig.CertData, certConfig.KeyData = issued.Status.Certificate, keyPEM
	review, err := kubernetes.NewForConfigOrDie(certConfig).AuthenticationV1().SelfSubjectReviews().Create(ctx, &authenticationv1.SelfSubjectReview{}, metav1.CreateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if u := review.Status.UserInfo; u.Username != "csr-alice" || !slices.Contains(u.Groups, "devs") {
		t.Errorf("the issued certificate authenticates as %q in %v, want csr-alice in devs", u.Username, u.Groups)
	}

	// The issued certificate stays; a second one is refused.
	reissued := issued.DeepCopy()
	reissued.Status.Certificate = append([]byte("replaced\n"), issued.Status.Certificate...)
	_, err = admin.CertificatesV1().CertificateSigningRequests().UpdateStatus(ctx, reissued, metav1.UpdateOptions{})
	expectInvalidCause(t, err, "status.certificate", metav1.CauseTypeForbidden, "updates may not modify existing certificate content")

	names, table := columnNames(t, admin, "/apis/certificates.k8s.io/v1/certificatesigningrequests/csr-alice")
	if want := []string{"Name", "Age", "SignerName", "Requestor", "RequestedDuration", "Condition"}; !slices.Equal(names, want) {
		t.Errorf("columns = %v, want %v", names, want)
	}
	if cells := table.Rows[0].Cells; fmt.Sprint(cells[2:]) != "[kubernetes.io/kube-apiserver-client csr-alice 60m Approved,Issued]" {
		t.Errorf("cells = %v", cells)
	}
}

func TestCertificateSigningRequestDenied(t *testing.T) {
	ctx := context.Background()
	admin := jsonClient(t)
	request, _ := csrRequest(t, "csr-denied")
	csr, err := admin.CertificatesV1().CertificateSigningRequests().Create(ctx, clientCSR("csr-denied", request, nil), metav1.CreateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	denied, err := admin.CertificatesV1().CertificateSigningRequests().UpdateApproval(ctx, csr.Name, approve(csr, certificatesv1.CertificateDenied, "KubectlDeny"), metav1.UpdateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	_, err = admin.CertificatesV1().CertificateSigningRequests().UpdateApproval(ctx, csr.Name, approve(denied, certificatesv1.CertificateApproved, "Change"), metav1.UpdateOptions{})
	expectInvalidCause(t, err, "status.conditions[1].type", metav1.CauseTypeFieldValueInvalid, "Approved and Denied conditions are mutually exclusive")
	// A status write cannot turn the denial around either: the approval conditions are kept.
	undenied := denied.DeepCopy()
	undenied.Status.Conditions = nil
	if got, err := admin.CertificatesV1().CertificateSigningRequests().UpdateStatus(ctx, undenied, metav1.UpdateOptions{}); err == nil {
		t.Errorf("status write removing the denial succeeded with conditions %+v", got.Status.Conditions)
	}

	// A request approved after the denial is issued; by then the signer has long seen the denied one.
	laterRequest, _ := csrRequest(t, "csr-after-denial")
	later, err := admin.CertificatesV1().CertificateSigningRequests().Create(ctx, clientCSR("csr-after-denial", laterRequest, nil), metav1.CreateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := admin.CertificatesV1().CertificateSigningRequests().UpdateApproval(ctx, later.Name, approve(later, certificatesv1.CertificateApproved, "KubectlApprove"), metav1.UpdateOptions{}); err != nil {
		t.Fatal(err)
	}
	waitIssued(t, admin, later.Name)
	got, err := admin.CertificatesV1().CertificateSigningRequests().Get(ctx, csr.Name, metav1.GetOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Status.Certificate) != 0 {
		t.Errorf("the denied request got a certificate")
	}
	_, table := columnNames(t, admin, "/apis/certificates.k8s.io/v1/certificatesigningrequests/csr-denied")
	if cells := table.Rows[0].Cells; fmt.Sprint(cells[4:]) != "[<none> Denied]" {
		t.Errorf("cells = %v, want no requested duration and Denied", cells)
	}
}

func TestCertificateSigningRequestAdmissionAndValidation(t *testing.T) {
	ctx := context.Background()
	admin := jsonClient(t)
	masters, _ := csrRequest(t, "root", "system:masters")
	_, err := admin.CertificatesV1().CertificateSigningRequests().Create(ctx, clientCSR("csr-masters", masters, nil), metav1.CreateOptions{})
	expectForbidden(t, err, `certificatesigningrequests.certificates.k8s.io "csr-masters" is forbidden: use of kubernetes.io/kube-apiserver-client signer with system:masters group is not allowed`)

	request, _ := csrRequest(t, "someone")
	bad := clientCSR("csr-invalid", request, ptr[int32](599))
	bad.Spec.SignerName = "example"
	bad.Spec.Usages = []certificatesv1.KeyUsage{"client auth", "client auth", "flying"}
	_, err = admin.CertificatesV1().CertificateSigningRequests().Create(ctx, bad, metav1.CreateOptions{})
	expectInvalid(t, err, "certificates.k8s.io", "CertificateSigningRequest", "csr-invalid",
		`spec.usages[1]: Duplicate value: "client auth"`,
		`spec.usages[2]: Unsupported value: "flying": supported values: "any", "cert sign", "client auth", "code signing", "content commitment", "crl sign", "data encipherment", "decipher only", "digital signature", "email protection", "encipher only", "ipsec end system", "ipsec tunnel", "ipsec user", "key agreement", "key encipherment", "microsoft sgc", "netscape sgc", "ocsp signing", "s/mime", "server auth", "signing", "timestamping"`,
		`spec.signerName: Invalid value: "example": must be a fully qualified domain and path of the form 'example.com/signer-name'`,
		`spec.expirationSeconds: Invalid value: 599: may not specify a duration less than 600 seconds (10 minutes)`,
	)

	legacy := clientCSR("csr-legacy", request, nil)
	legacy.Spec.SignerName = "kubernetes.io/legacy-unknown"
	_, err = admin.CertificatesV1().CertificateSigningRequests().Create(ctx, legacy, metav1.CreateOptions{})
	expectInvalid(t, err, "certificates.k8s.io", "CertificateSigningRequest", "csr-legacy",
		`spec.signerName: Invalid value: "kubernetes.io/legacy-unknown": the legacy signerName is not allowed via this API version`)

	// The short name and the spec.signerName field selector.
	_, resources, err := admin.Discovery().ServerGroupsAndResources()
	if err != nil {
		t.Fatal(err)
	}
	for _, list := range resources {
		for _, r := range list.APIResources {
			if list.GroupVersion == "certificates.k8s.io/v1" && r.Name == "certificatesigningrequests" && !slices.Equal(r.ShortNames, []string{"csr"}) {
				t.Errorf("short names = %v, want [csr]", r.ShortNames)
			}
		}
	}
	custom := clientCSR("csr-custom-signer", request, nil)
	custom.Spec.SignerName = "example.com/custom"
	if _, err := admin.CertificatesV1().CertificateSigningRequests().Create(ctx, custom, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	list, err := admin.CertificatesV1().CertificateSigningRequests().List(ctx, metav1.ListOptions{FieldSelector: "spec.signerName=example.com/custom"})
	if err != nil {
		t.Fatal(err)
	}
	if len(list.Items) != 1 || list.Items[0].Name != "csr-custom-signer" {
		t.Errorf("field selector spec.signerName found %d requests, want csr-custom-signer alone", len(list.Items))
	}
}

// caBundle returns a PEM self-signed CA certificate.
func caBundle(t *testing.T) string {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	der, err := x509.CreateCertificate(rand.Reader, &x509.Certificate{
		SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "test-ca"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		IsCA: true, BasicConstraintsValid: true, KeyUsage: x509.KeyUsageCertSign,
	}, &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "test-ca"}}, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	return string(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}))
}

// TestCertificatesEtcdKeysAndSigningDuration checks that the group's objects are stored under
// kube-apiserver's keys, and that --cluster-signing-duration caps what a request asks for.
func TestCertificatesEtcdKeysAndSigningDuration(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	etcd := startEtcd(t)
	kapi := startServer(t, "--etcd-servers="+etcd.ClientURLs()[0], "--cluster-signing-duration=2h")
	etcdClient := etcdClient(t, etcd)
	client := kubernetes.NewForConfigOrDie(kapi.ClientConfig)
	createNamespace(t, client, "certs")

	request, _ := csrRequest(t, "stored")
	stored, err := client.CertificatesV1().CertificateSigningRequests().Create(ctx, clientCSR("stored", request, ptr[int32](86400)), metav1.CreateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := client.CertificatesV1().CertificateSigningRequests().UpdateApproval(ctx, stored.Name, approve(stored, certificatesv1.CertificateApproved, "Test"), metav1.UpdateOptions{}); err != nil {
		t.Fatal(err)
	}
	block, _ := pem.Decode(waitIssued(t, client, stored.Name).Status.Certificate)
	cert, err := x509.ParseCertificate(block.Bytes)
	if err != nil {
		t.Fatal(err)
	}
	if until := time.Until(cert.NotAfter); until > 2*time.Hour || until < 110*time.Minute {
		t.Errorf("certificate asked for a day expires in %v, want the 2h of --cluster-signing-duration", until)
	}
	if _, err := client.CertificatesV1().ClusterTrustBundles().Create(ctx, &certificatesv1.ClusterTrustBundle{
		ObjectMeta: metav1.ObjectMeta{Name: "example.com:signer:one"},
		Spec:       certificatesv1.ClusterTrustBundleSpec{SignerName: "example.com/signer", TrustBundle: caBundle(t)},
	}, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	_, key, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	stub, err := x509.CreateCertificateRequest(rand.Reader, &x509.CertificateRequest{}, key)
	if err != nil {
		t.Fatal(err)
	}
	pcr, err := client.CertificatesV1().PodCertificateRequests("certs").Create(ctx, &certificatesv1.PodCertificateRequest{
		ObjectMeta: metav1.ObjectMeta{Name: "req"},
		Spec: certificatesv1.PodCertificateRequestSpec{
			SignerName: "example.com/signer", PodName: "p", PodUID: "pod-uid", ServiceAccountName: "default",
			ServiceAccountUID: "sa-uid", NodeName: "n", NodeUID: "node-uid", StubPKCS10Request: stub,
		},
	}, metav1.CreateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if pcr.Spec.MaxExpirationSeconds == nil || *pcr.Spec.MaxExpirationSeconds != 86400 {
		t.Errorf("maxExpirationSeconds = %v, want the default 86400", pcr.Spec.MaxExpirationSeconds)
	}
	readEtcd(t, ctx, etcdClient, "/registry/certificatesigningrequests/stored", &certificatesv1.CertificateSigningRequest{})
	readEtcd(t, ctx, etcdClient, "/registry/clustertrustbundles/example.com:signer:one", &certificatesv1.ClusterTrustBundle{})
	readEtcd(t, ctx, etcdClient, "/registry/podcertificaterequests/certs/req", &certificatesv1.PodCertificateRequest{})
}

func TestCSRApprovingKubeletClient(t *testing.T) {
	ctx := context.Background()
	admin := jsonClient(t)
	const bootstrapper = "system:bootstrap:csrtest"
	for _, role := range []string{"system:node-bootstrapper", "system:certificates.k8s.io:certificatesigningrequests:nodeclient"} {
		if _, err := admin.RbacV1().ClusterRoleBindings().Create(ctx, &rbacv1.ClusterRoleBinding{
			ObjectMeta: metav1.ObjectMeta{Name: "csrtest-" + role[len("system:"):]},
			RoleRef:    bindingTo("ClusterRole", role),
			Subjects:   []rbacv1.Subject{userSubject(bootstrapper)},
		}, metav1.CreateOptions{}); err != nil {
			t.Fatal(err)
		}
	}
	// The approver asks once per request, so the bootstrapper's permission must be in the
	// authorizer's cache before the request exists.
	eventually(t, func() error {
		sar, err := admin.AuthorizationV1().SubjectAccessReviews().Create(ctx, &authorizationv1.SubjectAccessReview{Spec: authorizationv1.SubjectAccessReviewSpec{
			User: bootstrapper, Groups: []string{"system:bootstrappers", "system:authenticated"},
			ResourceAttributes: &authorizationv1.ResourceAttributes{Group: certificatesv1.GroupName, Resource: "certificatesigningrequests", Subresource: "nodeclient", Verb: "create"},
		}}, metav1.CreateOptions{})
		if err != nil {
			return err
		}
		if !sar.Status.Allowed {
			return fmt.Errorf("%s may not create certificatesigningrequests/nodeclient yet", bootstrapper)
		}
		return nil
	})
	kubelet := impersonating(t, bootstrapper, "system:bootstrappers")
	request, _ := csrRequest(t, "system:node:csrtest-node", "system:nodes")
	csr := clientCSR("node-csr-csrtest", request, nil)
	csr.Spec.SignerName = certificatesv1.KubeAPIServerClientKubeletSignerName
	eventually(t, func() error {
		_, err := kubelet.CertificatesV1().CertificateSigningRequests().Create(ctx, csr, metav1.CreateOptions{})
		return err
	})
	issued := waitIssued(t, admin, csr.Name)
	if c := issued.Status.Conditions; len(c) != 1 || c[0].Type != certificatesv1.CertificateApproved || c[0].Reason != "AutoApproved" ||
		c[0].Message != "Auto approving kubelet client certificate after SubjectAccessReview." {
		t.Errorf("conditions = %+v, want the approving controller's Approved condition", c)
	}
}

func TestCertificateClusterTrustBundleAttest(t *testing.T) {
	ctx := context.Background()
	admin := jsonClient(t)
	rules := []rbacv1.PolicyRule{{APIGroups: []string{certificatesv1.GroupName}, Resources: []string{"clustertrustbundles"}, Verbs: []string{"create", "get"}}}
	if _, err := admin.RbacV1().ClusterRoles().Create(ctx, &rbacv1.ClusterRole{ObjectMeta: metav1.ObjectMeta{Name: "ctb-carol"}, Rules: rules}, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	if _, err := admin.RbacV1().ClusterRoleBindings().Create(ctx, &rbacv1.ClusterRoleBinding{
		ObjectMeta: metav1.ObjectMeta{Name: "ctb-carol"}, RoleRef: bindingTo("ClusterRole", "ctb-carol"), Subjects: []rbacv1.Subject{userSubject("ctb-carol")},
	}, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	carol := impersonating(t, "ctb-carol")
	anchors := caBundle(t)
	eventually(t, func() error {
		_, err := carol.CertificatesV1().ClusterTrustBundles().Create(ctx, &certificatesv1.ClusterTrustBundle{
			ObjectMeta: metav1.ObjectMeta{Name: "carol-plain"}, Spec: certificatesv1.ClusterTrustBundleSpec{TrustBundle: anchors},
		}, metav1.CreateOptions{})
		return err
	})
	signed := &certificatesv1.ClusterTrustBundle{
		ObjectMeta: metav1.ObjectMeta{Name: "example.com:carol:one"},
		Spec:       certificatesv1.ClusterTrustBundleSpec{SignerName: "example.com/carol", TrustBundle: anchors},
	}
	_, err := carol.CertificatesV1().ClusterTrustBundles().Create(ctx, signed, metav1.CreateOptions{})
	expectForbidden(t, err, `clustertrustbundles.certificates.k8s.io "example.com:carol:one" is forbidden: user not permitted to attest for signerName "example.com/carol"`)

	role, err := admin.RbacV1().ClusterRoles().Get(ctx, "ctb-carol", metav1.GetOptions{})
	if err != nil {
		t.Fatal(err)
	}
	role.Rules = append(role.Rules, rbacv1.PolicyRule{APIGroups: []string{certificatesv1.GroupName}, Resources: []string{"signers"}, ResourceNames: []string{"example.com/*"}, Verbs: []string{"attest"}})
	if _, err := admin.RbacV1().ClusterRoles().Update(ctx, role, metav1.UpdateOptions{}); err != nil {
		t.Fatal(err)
	}
	eventually(t, func() error {
		_, err := carol.CertificatesV1().ClusterTrustBundles().Create(ctx, signed, metav1.CreateOptions{})
		return err
	})

	names, table := columnNames(t, admin, "/apis/certificates.k8s.io/v1/clustertrustbundles/example.com:carol:one")
	if !slices.Equal(names, []string{"Name", "SignerName"}) || fmt.Sprint(table.Rows[0].Cells) != "[example.com:carol:one example.com/carol]" {
		t.Errorf("columns %v, cells %v", names, table.Rows[0].Cells)
	}
}
