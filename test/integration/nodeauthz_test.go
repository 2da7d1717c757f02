package integration

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"testing"

	authenticationv1 "k8s.io/api/authentication/v1"
	authorizationv1 "k8s.io/api/authorization/v1"
	coordinationv1 "k8s.io/api/coordination/v1"
	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/util/retry"
)

// TestNodeAuthorization runs kube-apiserver's usual authorization, Node then RBAC, with
// NodeRestriction, and acts as the kubelet of node n1.
func TestNodeAuthorization(t *testing.T) {
	s := startServer(t, "--authorization-mode=Node,RBAC", "--enable-admission-plugins=NodeRestriction")
	ctx := context.Background()
	admin := kubernetes.NewForConfigOrDie(s.ClientConfig)
	kubelet := kubernetes.NewForConfigOrDie(as(s.ClientConfig, "system:node:n1", "system:nodes"))
	const ns = "nodeauthz"
	createNamespace(t, admin, ns)

	node, err := kubelet.CoreV1().Nodes().Create(ctx, &corev1.Node{ObjectMeta: metav1.ObjectMeta{Name: "n1"}}, metav1.CreateOptions{})
	if err != nil {
		t.Fatalf("the kubelet registering its node: %v", err)
	}
	if _, err := admin.CoreV1().Nodes().Create(ctx, &corev1.Node{ObjectMeta: metav1.ObjectMeta{Name: "n2"}}, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"mine", "other"} {
		if _, err := admin.CoreV1().Secrets(ns).Create(ctx, &corev1.Secret{ObjectMeta: metav1.ObjectMeta{Name: name}}, metav1.CreateOptions{}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := admin.CoreV1().ConfigMaps(ns).Create(ctx, &corev1.ConfigMap{ObjectMeta: metav1.ObjectMeta{Name: "settings"}}, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	web := simplePod("web", "nginx")
	web.Spec.NodeName = "n1"
	web.Spec.Volumes = []corev1.Volume{{Name: "creds", VolumeSource: corev1.VolumeSource{Secret: &corev1.SecretVolumeSource{SecretName: "mine"}}}}
	web.Spec.Containers[0].EnvFrom = []corev1.EnvFromSource{{ConfigMapRef: &corev1.ConfigMapEnvSource{LocalObjectReference: corev1.LocalObjectReference{Name: "settings"}}}}
	web, err = admin.CoreV1().Pods(ns).Create(ctx, web, metav1.CreateOptions{})
	if err != nil {
		t.Fatal(err)
	}

	const unrelated = "no relationship found between node 'n1' and this object"
	t.Run("reads the secret and config map of its pod", func(t *testing.T) {
		eventually(t, func() error {
			if _, err := kubelet.CoreV1().Secrets(ns).Get(ctx, "mine", metav1.GetOptions{}); err != nil {
				return err
			}
			_, err := kubelet.CoreV1().ConfigMaps(ns).Get(ctx, "settings", metav1.GetOptions{})
			return err
		})
	})

	t.Run("is refused another secret", func(t *testing.T) {
		_, err := kubelet.CoreV1().Secrets(ns).Get(ctx, "other", metav1.GetOptions{})
		expectForbiddenContaining(t, err, `secrets "other" is forbidden: User "system:node:n1" cannot get resource "secrets" in API group "" in the namespace "nodeauthz"`, unrelated)
		_, err = kubelet.CoreV1().Secrets(ns).List(ctx, metav1.ListOptions{})
		expectForbiddenContaining(t, err, "No Object name found")
	})

	t.Run("can-i matches", func(t *testing.T) {
		for _, tc := range []struct {
			secret string
			want   bool
		}{{"mine", true}, {"other", false}} {
			attrs := &authorizationv1.ResourceAttributes{Verb: "get", Resource: "secrets", Namespace: ns, Name: tc.secret}
			self, err := kubelet.AuthorizationV1().SelfSubjectAccessReviews().Create(ctx, &authorizationv1.SelfSubjectAccessReview{
				Spec: authorizationv1.SelfSubjectAccessReviewSpec{ResourceAttributes: attrs}}, metav1.CreateOptions{})
			if err != nil {
				t.Fatal(err)
			}
			review, err := admin.AuthorizationV1().SubjectAccessReviews().Create(ctx, &authorizationv1.SubjectAccessReview{
				Spec: authorizationv1.SubjectAccessReviewSpec{ResourceAttributes: attrs, User: "system:node:n1", Groups: []string{"system:nodes"}}}, metav1.CreateOptions{})
			if err != nil {
				t.Fatal(err)
			}
			for _, status := range []authorizationv1.SubjectAccessReviewStatus{self.Status, review.Status} {
				if status.Allowed != tc.want {
					t.Errorf("can system:node:n1 get secret/%s: %v (%q), want %v", tc.secret, status.Allowed, status.Reason, tc.want)
				}
				if !tc.want && !strings.Contains(status.Reason, unrelated) {
					t.Errorf("reason %q, want it to contain %q", status.Reason, unrelated)
				}
			}
		}
	})

	t.Run("lists only the pods bound to it", func(t *testing.T) {
		pods, err := kubelet.CoreV1().Pods("").List(ctx, metav1.ListOptions{FieldSelector: "spec.nodeName=n1"})
		if err != nil {
			t.Fatal(err)
		}
		if len(pods.Items) != 1 || pods.Items[0].Name != "web" {
			t.Errorf("pods of n1: %v, want web", pods.Items)
		}
		_, err = kubelet.CoreV1().Pods("").List(ctx, metav1.ListOptions{})
		expectForbiddenContaining(t, err, "can only list/watch pods with spec.nodeName field selector")
	})

	t.Run("gets a token for its pod's service account", func(t *testing.T) {
		token, err := kubelet.CoreV1().ServiceAccounts(ns).CreateToken(ctx, "default", &authenticationv1.TokenRequest{
			Spec: authenticationv1.TokenRequestSpec{BoundObjectRef: &authenticationv1.BoundObjectReference{APIVersion: "v1", Kind: "Pod", Name: "web", UID: web.UID}},
		}, metav1.CreateOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if token.Status.Token == "" {
			t.Error("no token issued")
		}
		_, err = kubelet.CoreV1().ServiceAccounts(ns).CreateToken(ctx, "default", &authenticationv1.TokenRequest{
			Spec: authenticationv1.TokenRequestSpec{BoundObjectRef: &authenticationv1.BoundObjectReference{APIVersion: "v1", Kind: "Pod", Name: "web", UID: types.UID("stale")}},
		}, metav1.CreateOptions{})
		expectForbiddenContaining(t, err, "the UID in the bound object reference (stale) does not match the UID in record")
	})

	t.Run("updates its own Node status but not another node's", func(t *testing.T) {
		err := retry.RetryOnConflict(retry.DefaultRetry, func() error {
			n, err := kubelet.CoreV1().Nodes().Get(ctx, "n1", metav1.GetOptions{})
			if err != nil {
				return err
			}
			now := metav1.Now()
			n.Status.Conditions = []corev1.NodeCondition{{Type: corev1.NodeReady, Status: corev1.ConditionTrue, Reason: "KubeletReady", LastHeartbeatTime: now, LastTransitionTime: now}}
			_, err = kubelet.CoreV1().Nodes().UpdateStatus(ctx, n, metav1.UpdateOptions{})
			return err
		})
		if err != nil {
			t.Fatalf("updating its own status: %v", err)
		}
		_, err = kubelet.CoreV1().Nodes().Get(ctx, "n2", metav1.GetOptions{})
		expectForbiddenContaining(t, err, "node 'n1' cannot read 'n2', only its own Node object")
		patch := []byte(`{"status":{"conditions":[{"type":"Ready","status":"False","reason":"Spoofed"}]}}`)
		_, err = kubelet.CoreV1().Nodes().Patch(ctx, "n2", types.StrategicMergePatchType, patch, metav1.PatchOptions{}, "status")
		expectForbiddenContaining(t, err, `nodes "n2" is forbidden: node "n1" is not allowed to modify node "n2"`)
	})

	t.Run("cannot set a node-restriction label", func(t *testing.T) {
		patch := []byte(`{"metadata":{"labels":{"node-restriction.kubernetes.io/pool":"secure"}}}`)
		_, err := kubelet.CoreV1().Nodes().Patch(ctx, "n1", types.StrategicMergePatchType, patch, metav1.PatchOptions{})
		expectForbiddenContaining(t, err, `nodes "n1" is forbidden: is not allowed to modify labels: node-restriction.kubernetes.io/pool`)
		patch = []byte(`{"metadata":{"labels":{"kubelet.kubernetes.io/x":"y"}}}`)
		if _, err := kubelet.CoreV1().Nodes().Patch(ctx, "n1", types.StrategicMergePatchType, patch, metav1.PatchOptions{}); err != nil {
			t.Errorf("a kubelet label: %v", err)
		}
	})

	t.Run("creates a mirror pod for itself and is refused a non-mirror pod", func(t *testing.T) {
		mirror := simplePod("static-n1", "etcd")
		mirror.Spec.NodeName = "n1"
		mirror.Annotations = map[string]string{corev1.MirrorPodAnnotationKey: "hash"}
		mirror.OwnerReferences = []metav1.OwnerReference{{APIVersion: "v1", Kind: "Node", Name: "n1", UID: node.UID, Controller: ptr(true)}}
		if _, err := kubelet.CoreV1().Pods(ns).Create(ctx, mirror, metav1.CreateOptions{}); err != nil {
			t.Fatalf("creating its mirror pod: %v", err)
		}
		plain := simplePod("plain", "nginx")
		plain.Spec.NodeName = "n1"
		_, err := kubelet.CoreV1().Pods(ns).Create(ctx, plain, metav1.CreateOptions{})
		expectForbiddenContaining(t, err, `pods "plain" is forbidden: pod does not have "kubernetes.io/config.mirror" annotation, node "n1" can only create mirror pods`)
		other := mirror.DeepCopy()
		other.Name, other.Spec.NodeName = "static-n2", "n2"
		_, err = kubelet.CoreV1().Pods(ns).Create(ctx, other, metav1.CreateOptions{})
		expectForbiddenContaining(t, err, `node "n1" can only create pods with spec.nodeName set to itself`)
	})

	t.Run("writes only its own lease", func(t *testing.T) {
		if _, err := admin.CoreV1().Namespaces().Create(ctx, &corev1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: corev1.NamespaceNodeLease}}, metav1.CreateOptions{}); err != nil && !apierrors.IsAlreadyExists(err) {
			t.Fatal(err)
		}
		leases := kubelet.CoordinationV1().Leases(corev1.NamespaceNodeLease)
		if _, err := leases.Create(ctx, &coordinationv1.Lease{ObjectMeta: metav1.ObjectMeta{Name: "n1"}}, metav1.CreateOptions{}); err != nil && !apierrors.IsAlreadyExists(err) {
			t.Fatalf("its lease: %v", err)
		}
		_, err := leases.Create(ctx, &coordinationv1.Lease{ObjectMeta: metav1.ObjectMeta{Name: "n2"}}, metav1.CreateOptions{})
		expectForbiddenContaining(t, err, "can only access node lease with the same name as the requesting node")
	})

	t.Run("loses access when the pod is deleted", func(t *testing.T) {
		if err := admin.CoreV1().Pods(ns).Delete(ctx, "web", metav1.DeleteOptions{GracePeriodSeconds: ptr(int64(0))}); err != nil {
			t.Fatal(err)
		}
		eventually(t, func() error {
			_, err := kubelet.CoreV1().Secrets(ns).Get(ctx, "mine", metav1.GetOptions{})
			if !apierrors.IsForbidden(err) {
				return fmt.Errorf("secret of a deleted pod: %v, want 403", err)
			}
			return nil
		})
		_, err := kubelet.CoreV1().Secrets(ns).Get(ctx, "mine", metav1.GetOptions{})
		expectForbiddenContaining(t, err, unrelated)
	})
}

// expectForbiddenContaining requires err to be a 403 Forbidden whose message contains each part.
func expectForbiddenContaining(t *testing.T, err error, parts ...string) {
	t.Helper()
	var status apierrors.APIStatus
	if !errors.As(err, &status) {
		t.Fatalf("got %v, want a 403", err)
	}
	st := status.Status()
	if st.Code != http.StatusForbidden || st.Reason != metav1.StatusReasonForbidden {
		t.Fatalf("got %d %s %q, want 403 Forbidden", st.Code, st.Reason, st.Message)
	}
	for _, p := range parts {
		if !strings.Contains(st.Message, p) {
			t.Errorf("message %q does not contain %q", st.Message, p)
		}
	}
}
