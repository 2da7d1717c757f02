package noderestriction

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"strings"
	"testing"

	authenticationv1 "k8s.io/api/authentication/v1"
	certificatesv1 "k8s.io/api/certificates/v1"
	coordinationv1 "k8s.io/api/coordination/v1"
	corev1 "k8s.io/api/core/v1"
	policyv1 "k8s.io/api/policy/v1"
	resourcev1 "k8s.io/api/resource/v1"
	storagev1 "k8s.io/api/storage/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/apiserver/pkg/admission"
	"k8s.io/apiserver/pkg/authentication/user"
	"k8s.io/apiserver/pkg/authorization/authorizer"
	"k8s.io/client-go/informers"
	"k8s.io/client-go/kubernetes/fake"
	"k8s.io/utils/ptr"

	"github.com/kapi-dev/kapi/pkg/admission/internal/admissiontest"
)

var n1 = &user.DefaultInfo{Name: "system:node:n1", Groups: []string{user.NodesGroup}}

// newTestPlugin returns the plugin over objects, its informers synced; the authorizer allows the
// audience "granted" only.
func newTestPlugin(t *testing.T, objects ...runtime.Object) *plugin {
	t.Helper()
	factory := informers.NewSharedInformerFactory(fake.NewClientset(objects...), 0)
	p := &plugin{Handler: admission.NewHandler(admission.Create, admission.Update, admission.Delete)}
	p.SetExternalKubeInformerFactory(factory)
	p.SetAuthorizer(authorizer.AuthorizerFunc(func(_ context.Context, a authorizer.Attributes) (authorizer.Decision, string, error) {
		if a.GetVerb() == audienceVerb && a.GetResource() == "granted" {
			return authorizer.DecisionAllow, "", nil
		}
		return authorizer.DecisionNoOpinion, "", nil
	}))
	if err := p.ValidateInitialization(); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	factory.Start(ctx.Done())
	factory.WaitForCacheSync(ctx.Done())
	return p
}

func podOn(node, name string, mutate ...func(*corev1.Pod)) *corev1.Pod {
	pod := &corev1.Pod{ObjectMeta: metav1.ObjectMeta{Namespace: "ns", Name: name, UID: types.UID("uid-" + name)}, Spec: corev1.PodSpec{NodeName: node}}
	for _, m := range mutate {
		m(pod)
	}
	return pod
}

func mirrorPod(mutate ...func(*corev1.Pod)) *corev1.Pod {
	return podOn("n1", "static", append([]func(*corev1.Pod){func(p *corev1.Pod) {
		p.Annotations = map[string]string{corev1.MirrorPodAnnotationKey: "hash"}
		p.OwnerReferences = []metav1.OwnerReference{{APIVersion: "v1", Kind: "Node", Name: "n1", UID: "node-uid", Controller: ptr.To(true)}}
	}}, mutate...)...)
}

func csrPEM(t *testing.T, cn string) []byte {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	der, err := x509.CreateCertificateRequest(rand.Reader, &x509.CertificateRequest{Subject: pkix.Name{CommonName: cn, Organization: []string{user.NodesGroup}}}, key)
	if err != nil {
		t.Fatal(err)
	}
	return pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE REQUEST", Bytes: der})
}

func TestAdmit(t *testing.T) {
	ownNode := &corev1.Node{ObjectMeta: metav1.ObjectMeta{Name: "n1", UID: "node-uid", Labels: map[string]string{corev1.LabelHostname: "n1"}}}
	// mine mounts its API credentials, as the ServiceAccount plugin gives every pod.
	mine := podOn("n1", "mine", func(p *corev1.Pod) {
		p.Spec.Volumes = []corev1.Volume{{Name: "kube-api-access", VolumeSource: corev1.VolumeSource{Projected: &corev1.ProjectedVolumeSource{Sources: []corev1.VolumeProjection{
			{ServiceAccountToken: &corev1.ServiceAccountTokenProjection{Path: "token"}},
		}}}}}
	})
	theirs := podOn("n2", "theirs")
	csiPod := podOn("n1", "csi", func(p *corev1.Pod) {
		p.Spec.Volumes = []corev1.Volume{{Name: "v", VolumeSource: corev1.VolumeSource{PersistentVolumeClaim: &corev1.PersistentVolumeClaimVolumeSource{ClaimName: "claim"}}}}
	})
	projected := podOn("n1", "projected", func(p *corev1.Pod) {
		p.Spec.Volumes = []corev1.Volume{{Name: "t", VolumeSource: corev1.VolumeSource{Projected: &corev1.ProjectedVolumeSource{Sources: []corev1.VolumeProjection{
			{ServiceAccountToken: &corev1.ServiceAccountTokenProjection{Audience: "vault", Path: "t"}},
		}}}}}
	})
	mine.Spec.ServiceAccountName = "robot"
	robot := &corev1.ServiceAccount{ObjectMeta: metav1.ObjectMeta{Namespace: "ns", Name: "robot", UID: "robot-uid"}}
	azure := podOn("n1", "azure", func(p *corev1.Pod) {
		p.Spec.Volumes = []corev1.Volume{{Name: "a", VolumeSource: corev1.VolumeSource{AzureFile: &corev1.AzureFileVolumeSource{ShareName: "s", SecretName: "az"}}}}
	})
	gce := podOn("n1", "gce", func(p *corev1.Pod) {
		p.Spec.Volumes = []corev1.Volume{{Name: "g", VolumeSource: corev1.VolumeSource{GCEPersistentDisk: &corev1.GCEPersistentDiskVolumeSource{PDName: "d"}}}}
	})
	objects := []runtime.Object{ownNode, mine, theirs, csiPod, projected, robot, azure, gce,
		&storagev1.CSIDriver{ObjectMeta: metav1.ObjectMeta{Name: "file.csi.azure.com"}, Spec: storagev1.CSIDriverSpec{TokenRequests: []storagev1.TokenRequest{{Audience: "azure-audience"}}}},
		&corev1.PersistentVolumeClaim{ObjectMeta: metav1.ObjectMeta{Namespace: "ns", Name: "claim"}, Spec: corev1.PersistentVolumeClaimSpec{VolumeName: "pv"}},
		&corev1.PersistentVolume{ObjectMeta: metav1.ObjectMeta{Name: "pv"}, Spec: corev1.PersistentVolumeSpec{PersistentVolumeSource: corev1.PersistentVolumeSource{CSI: &corev1.CSIPersistentVolumeSource{Driver: "csi.example.com"}}}},
		&storagev1.CSIDriver{ObjectMeta: metav1.ObjectMeta{Name: "csi.example.com"}, Spec: storagev1.CSIDriverSpec{TokenRequests: []storagev1.TokenRequest{{Audience: "csi-audience"}}}},
	}
	nodes := corev1.SchemeGroupVersion.WithResource("nodes")
	sas := corev1.SchemeGroupVersion.WithResource("serviceaccounts")
	token := func(pod *corev1.Pod, audiences ...string) admissiontest.Request {
		tr := &authenticationv1.TokenRequest{Spec: authenticationv1.TokenRequestSpec{Audiences: audiences,
			BoundObjectRef: &authenticationv1.BoundObjectReference{APIVersion: "v1", Kind: "Pod", Name: pod.Name, UID: pod.UID}}}
		return admissiontest.Request{Object: tr, Resource: sas, Subresource: "token", Kind: "TokenRequest", Namespace: "ns", Name: "default"}
	}
	nodeUpdate := func(mutate func(*corev1.Node)) admissiontest.Request {
		updated := ownNode.DeepCopy()
		mutate(updated)
		return admissiontest.Request{Object: updated, Old: ownNode, Resource: nodes, Kind: "Node", Name: "n1", Operation: admission.Update}
	}
	slice := func(node string) *resourcev1.ResourceSlice {
		return &resourcev1.ResourceSlice{ObjectMeta: metav1.ObjectMeta{Name: "s"}, Spec: resourcev1.ResourceSliceSpec{NodeName: ptr.To(node)}}
	}
	slices := resourcev1.SchemeGroupVersion.WithResource("resourceslices")
	lease := func(namespace, name string) admissiontest.Request {
		return admissiontest.Request{Object: &coordinationv1.Lease{ObjectMeta: metav1.ObjectMeta{Namespace: namespace, Name: name}},
			Resource: coordinationv1.SchemeGroupVersion.WithResource("leases"), Kind: "Lease", Namespace: namespace}
	}
	csr := func(cn string) admissiontest.Request {
		return admissiontest.Request{Object: &certificatesv1.CertificateSigningRequest{Spec: certificatesv1.CertificateSigningRequestSpec{
			SignerName: certificatesv1.KubeAPIServerClientKubeletSignerName, Request: csrPEM(t, cn)}},
			Resource: certificatesv1.SchemeGroupVersion.WithResource("certificatesigningrequests"), Kind: "CertificateSigningRequest"}
	}
	certRequest := func(mutate func(*certificatesv1.PodCertificateRequestSpec)) admissiontest.Request {
		spec := certificatesv1.PodCertificateRequestSpec{SignerName: "example.com/s", PodName: "mine", PodUID: mine.UID,
			ServiceAccountName: "robot", ServiceAccountUID: robot.UID, NodeName: "n1", NodeUID: ownNode.UID}
		mutate(&spec)
		return admissiontest.Request{Object: &certificatesv1.PodCertificateRequest{Spec: spec},
			Resource: certificatesv1.SchemeGroupVersion.WithResource("podcertificaterequests"), Kind: "PodCertificateRequest", Namespace: "ns"}
	}
	relabelled := mine.DeepCopy()
	relabelled.Labels = map[string]string{"x": "y"}
	for _, tc := range []struct {
		name     string
		req      admissiontest.Request
		user     user.Info
		want     string
		notFound bool
	}{
		{"not a node", admissiontest.Request{Object: podOn("n2", "x"), Namespace: "ns"}, &user.DefaultInfo{Name: "alice"}, "", false},
		{"a node without a name", admissiontest.Request{Object: mirrorPod(), Namespace: "ns"}, &user.DefaultInfo{Name: "system:node:", Groups: []string{user.NodesGroup}}, `could not determine node from user "system:node:"`, false},
		{"its mirror pod", admissiontest.Request{Object: mirrorPod(), Namespace: "ns"}, n1, "", false},
		{"a pod that is not a mirror pod", admissiontest.Request{Object: podOn("n1", "x"), Namespace: "ns"}, n1, `pod does not have "kubernetes.io/config.mirror" annotation, node "n1" can only create mirror pods`, false},
		{"a mirror pod for another node", admissiontest.Request{Object: mirrorPod(func(p *corev1.Pod) { p.Spec.NodeName = "n2" }), Namespace: "ns"}, n1, `node "n1" can only create pods with spec.nodeName set to itself`, false},
		{"a mirror pod without an owner", admissiontest.Request{Object: mirrorPod(func(p *corev1.Pod) { p.OwnerReferences = nil }), Namespace: "ns"}, n1, `node "n1" can only create pods with an owner reference set to itself`, false},
		{"a mirror pod not controlled by its node", admissiontest.Request{Object: mirrorPod(func(p *corev1.Pod) { p.OwnerReferences[0].Controller = nil }), Namespace: "ns"}, n1, `node "n1" can only create pods with a controller owner reference set to itself`, false},
		{"a mirror pod with a stale node UID", admissiontest.Request{Object: mirrorPod(func(p *corev1.Pod) { p.OwnerReferences[0].UID = "old" }), Namespace: "ns"}, n1, `node n1 UID mismatch: expected old got node-uid`, false},
		{"a mirror pod with a service account", admissiontest.Request{Object: mirrorPod(func(p *corev1.Pod) { p.Spec.ServiceAccountName = "sa" }), Namespace: "ns"}, n1, `node "n1" can not create pods that reference a service account`, false},
		{"a mirror pod with a secret", admissiontest.Request{Object: mirrorPod(func(p *corev1.Pod) {
			p.Spec.ImagePullSecrets = []corev1.LocalObjectReference{{Name: "pull"}}
		}), Namespace: "ns"}, n1, `node "n1" can not create pods that reference secrets`, false},
		{"a mirror pod with a config map", admissiontest.Request{Object: mirrorPod(func(p *corev1.Pod) {
			p.Spec.Volumes = []corev1.Volume{{Name: "c", VolumeSource: corev1.VolumeSource{ConfigMap: &corev1.ConfigMapVolumeSource{LocalObjectReference: corev1.LocalObjectReference{Name: "cm"}}}}}
		}), Namespace: "ns"}, n1, `node "n1" can not create pods that reference configmaps`, false},
		{"a mirror pod with a claim", admissiontest.Request{Object: mirrorPod(func(p *corev1.Pod) {
			p.Spec.Volumes = []corev1.Volume{{Name: "c", VolumeSource: corev1.VolumeSource{PersistentVolumeClaim: &corev1.PersistentVolumeClaimVolumeSource{ClaimName: "c"}}}}
		}), Namespace: "ns"}, n1, `node "n1" can not create pods that reference persistentvolumeclaims`, false},
		{"a mirror pod with a resource claim", admissiontest.Request{Object: mirrorPod(func(p *corev1.Pod) {
			p.Spec.ResourceClaims = []corev1.PodResourceClaim{{Name: "gpu", ResourceClaimName: ptr.To("gpu")}}
		}), Namespace: "ns"}, n1, `node "n1" can not create pods that reference resourceclaims`, false},
		{"updating a pod", admissiontest.Request{Object: mine, Old: mine, Namespace: "ns", Name: "mine", Operation: admission.Update}, n1, `unexpected operation "UPDATE", node "n1" can only create and delete mirror pods`, false},
		{"deleting its pod", admissiontest.Request{Old: mine, Namespace: "ns", Name: "mine", Operation: admission.Delete}, n1, "", false},
		{"deleting another node's pod", admissiontest.Request{Old: theirs, Namespace: "ns", Name: "theirs", Operation: admission.Delete}, n1, `node "n1" can only delete pods with spec.nodeName set to itself`, false},
		{"deleting a missing pod", admissiontest.Request{Namespace: "ns", Name: "gone", Operation: admission.Delete}, n1, `pod "gone" not found`, true},
		{"its pod's status", admissiontest.Request{Object: mine, Old: mine, Subresource: "status", Namespace: "ns", Name: "mine", Operation: admission.Update}, n1, "", false},
		{"another node's pod status", admissiontest.Request{Object: theirs, Old: theirs, Subresource: "status", Namespace: "ns", Name: "theirs", Operation: admission.Update}, n1, `node "n1" can only update pod status for pods with spec.nodeName set to itself`, false},
		{"labels through pod status", admissiontest.Request{Object: relabelled, Old: mine, Subresource: "status", Namespace: "ns", Name: "mine", Operation: admission.Update}, n1, `node "n1" cannot update labels through pod status`, false},
		{"evicting its pod", admissiontest.Request{Object: &policyv1.Eviction{}, Subresource: "eviction", Kind: "Eviction", Namespace: "ns", Name: "mine"}, n1, "", false},
		{"evicting another node's pod", admissiontest.Request{Object: &policyv1.Eviction{}, Subresource: "eviction", Kind: "Eviction", Namespace: "ns", Name: "theirs"}, n1, `node n1 can only evict pods with spec.nodeName set to itself`, false},
		{"binding a pod", admissiontest.Request{Object: &corev1.Binding{}, Subresource: "binding", Kind: "Binding", Namespace: "ns", Name: "mine"}, n1, `unexpected pod subresource "binding", only 'status' and 'eviction' are allowed`, false},
		{"its Node's status", nodeUpdate(func(n *corev1.Node) { n.Status.Phase = corev1.NodeRunning }), n1, "", false},
		{"another Node", admissiontest.Request{Object: ownNode, Old: ownNode, Resource: nodes, Kind: "Node", Name: "n2", Operation: admission.Update}, n1, `node "n1" is not allowed to modify node "n2"`, false},
		{"its taints", nodeUpdate(func(n *corev1.Node) { n.Spec.Taints = []corev1.Taint{{Key: "k", Effect: corev1.TaintEffectNoSchedule}} }), n1, `node "n1" is not allowed to modify taints`, false},
		{"its owners", nodeUpdate(func(n *corev1.Node) { n.OwnerReferences = []metav1.OwnerReference{{Kind: "Machine", Name: "m"}} }), n1, `node "n1" is not allowed to modify ownerReferences`, false},
		{"a kubelet label", nodeUpdate(func(n *corev1.Node) { n.Labels["node.kubernetes.io/exclude-from-external-load-balancers"] = "" }), n1, "", false},
		{"a label of its own domain", nodeUpdate(func(n *corev1.Node) { n.Labels["example.com/rack"] = "r1" }), n1, "", false},
		{"a node-restriction label", nodeUpdate(func(n *corev1.Node) { n.Labels["node-restriction.kubernetes.io/pool"] = "secure" }), n1, `is not allowed to modify labels: node-restriction.kubernetes.io/pool`, false},
		{"removing the hostname label is a kubelet's", nodeUpdate(func(n *corev1.Node) { delete(n.Labels, corev1.LabelHostname) }), n1, "", false},
		{"a role label", nodeUpdate(func(n *corev1.Node) { n.Labels["node-role.kubernetes.io/control-plane"] = "" }), n1, `is not allowed to modify labels: node-role.kubernetes.io/control-plane`, false},
		{"registering with a forbidden label", admissiontest.Request{Object: &corev1.Node{ObjectMeta: metav1.ObjectMeta{Name: "n1", Labels: map[string]string{"k8s.io/x": "", "a.node-restriction.kubernetes.io/b": ""}}}, Resource: nodes, Kind: "Node", Name: "n1"}, n1,
			`node "n1" is not allowed to set the following labels: a.node-restriction.kubernetes.io/b, k8s.io/x`, false},
		{"a token for its pod", token(mine), n1, "", false},
		{"a token bound to nothing", admissiontest.Request{Object: &authenticationv1.TokenRequest{}, Resource: sas, Subresource: "token", Kind: "TokenRequest", Namespace: "ns", Name: "default"}, n1, "node requested token not bound to a pod", false},
		{"a token for a recreated pod", token(podOn("n1", "mine", func(p *corev1.Pod) { p.UID = "older" })), n1, "the UID in the bound object reference (older) does not match the UID in record. The object might have been deleted and then recreated", false},
		{"a token for another node's pod", token(theirs), n1, "node requested token bound to a pod scheduled on a different node", false},
		{"a token for no audience the pod does not use", token(csiPod), n1, `audience "" not found in pod spec volume`, false},
		{"a token for two audiences", token(mine, "a", "b"), n1, "node may only request 0 or 1 audiences", false},
		{"a token for a projected audience", token(projected, "vault"), n1, "", false},
		{"a token for its CSI driver's audience", token(csiPod, "csi-audience"), n1, "", false},
		{"a token for an audience the pod does not use", token(projected, "other"), n1, `audience "other" not found in pod spec volume, system:node:n1 is not authorized to request tokens for this audience`, false},
		{"a token for the CSI driver that took over an in-tree volume", token(azure, "azure-audience"), n1, "", false},
		{"a token for a volume whose CSI driver is missing", token(gce, "gce-audience"), n1, `error validating audience "gce-audience": csidriver.storage.k8s.io "pd.csi.storage.gke.io" not found`, false},
		{"a token for an audience the node is granted", token(mine, "granted"), n1, "", false},
		{"its lease", lease("kube-node-lease", "n1"), n1, "", false},
		{"another node's lease", lease("kube-node-lease", "n2"), n1, "can only access node lease with the same name as the requesting node", false},
		{"a lease elsewhere", lease("default", "n1"), n1, `can only access leases in the "kube-node-lease" system namespace`, false},
		{"another CSINode", admissiontest.Request{Object: &storagev1.CSINode{ObjectMeta: metav1.ObjectMeta{Name: "n2"}}, Resource: storagev1.SchemeGroupVersion.WithResource("csinodes"), Kind: "CSINode"}, n1, "can only access CSINode with the same name as the requesting node", false},
		{"its resource slice", admissiontest.Request{Object: slice("n1"), Resource: slices, Kind: "ResourceSlice"}, n1, "", false},
		{"another node's resource slice", admissiontest.Request{Object: slice("n2"), Resource: slices, Kind: "ResourceSlice"}, n1, "can only create ResourceSlice with the same NodeName as the requesting node", false},
		{"deleting another node's resource slice", admissiontest.Request{Old: slice("n2"), Resource: slices, Kind: "ResourceSlice", Name: "s", Operation: admission.Delete}, n1, "can only delete ResourceSlice with the same NodeName as the requesting node", false},
		{"its client certificate request", csr("system:node:n1"), n1, "", false},
		{"another node's client certificate request", csr("system:node:n2"), n1, "can only create a node CSR with CN=system:node:n1", false},
		{"a certificate for its pod", certRequest(func(*certificatesv1.PodCertificateRequestSpec) {}), n1, "", false},
		{"a certificate naming another node", certRequest(func(s *certificatesv1.PodCertificateRequestSpec) { s.NodeName = "n2" }), n1,
			`PodCertificateRequest.Spec.NodeName="n2", which is not the requesting node "n1"`, false},
		{"a certificate for another node's pod", certRequest(func(s *certificatesv1.PodCertificateRequestSpec) { s.PodName, s.PodUID = "theirs", theirs.UID }), n1,
			`pod "ns/theirs" is not running on node "n1" named in the PodCertificateRequest`, false},
		{"a certificate for another service account", certRequest(func(s *certificatesv1.PodCertificateRequestSpec) { s.ServiceAccountName = "default" }), n1,
			`PodCertificateRequest for pod "ns/mine" contains serviceAccountName ("default") that differs from running pod ("robot")`, false},
		{"a certificate for a missing pod", certRequest(func(s *certificatesv1.PodCertificateRequestSpec) { s.PodName = "gone" }), n1, `pod "gone" not found`, true},
		{"writing a claim", admissiontest.Request{Object: &corev1.PersistentVolumeClaim{}, Resource: corev1.SchemeGroupVersion.WithResource("persistentvolumeclaims"), Kind: "PersistentVolumeClaim", Namespace: "ns", Name: "claim", Operation: admission.Update}, n1, "may only update PVC status", false},
		{"a claim's resize status", admissiontest.Request{
			Object: &corev1.PersistentVolumeClaim{Status: corev1.PersistentVolumeClaimStatus{Capacity: corev1.ResourceList{}}}, Old: &corev1.PersistentVolumeClaim{},
			Resource: corev1.SchemeGroupVersion.WithResource("persistentvolumeclaims"), Subresource: "status", Kind: "PersistentVolumeClaim", Namespace: "ns", Name: "claim", Operation: admission.Update}, n1, "", false},
		{"a claim's phase", admissiontest.Request{
			Object: &corev1.PersistentVolumeClaim{Status: corev1.PersistentVolumeClaimStatus{Phase: corev1.ClaimLost}}, Old: &corev1.PersistentVolumeClaim{},
			Resource: corev1.SchemeGroupVersion.WithResource("persistentvolumeclaims"), Subresource: "status", Kind: "PersistentVolumeClaim", Namespace: "ns", Name: "claim", Operation: admission.Update}, n1,
			`node "n1" is not allowed to update fields other than status.quantity and status.conditions`, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := newTestPlugin(t, objects...)
			tc.req.User = tc.user
			err := p.Admit(context.Background(), tc.req.Attributes(), nil)
			if tc.want == "" {
				if err != nil {
					t.Fatalf("Admit() = %v, want admitted", err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("Admit() = %v, want an error containing %q", err, tc.want)
			}
			if got := apierrors.IsNotFound(err); got != tc.notFound {
				t.Errorf("NotFound = %v, want %v", got, tc.notFound)
			}
			if !tc.notFound && !apierrors.IsForbidden(err) {
				t.Errorf("Admit() = %v, want Forbidden", err)
			}
		})
	}
}
