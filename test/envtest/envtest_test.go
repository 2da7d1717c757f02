// Package envtest runs controller-runtime's envtest with kapi as its kube-apiserver, as a
// controller-runtime user would: KUBEBUILDER_ASSETS points at `make envtest-assets`'s directory.
package envtest

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	rbacv1 "k8s.io/api/rbac/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/util/wait"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/rest"
	ctrl "sigs.k8s.io/controller-runtime"
	"sigs.k8s.io/controller-runtime/pkg/client"
	"sigs.k8s.io/controller-runtime/pkg/controller/controllerutil"
	"sigs.k8s.io/controller-runtime/pkg/envtest"
	metricsserver "sigs.k8s.io/controller-runtime/pkg/metrics/server"
)

var widgetGVK = schema.GroupVersionKind{Group: "example.kapi.dev", Version: "v1", Kind: "Widget"}

// kubebuilderAssets is the directory of envtest's binaries, which must be kapi's: $KUBEBUILDER_ASSETS.
func kubebuilderAssets(tb testing.TB) string {
	tb.Helper()
	assets := os.Getenv("KUBEBUILDER_ASSETS")
	if assets == "" {
		tb.Fatal("KUBEBUILDER_ASSETS is not set; run `make envtest-assets` and point it at bin/envtest (make test does both)")
	}
	return assets
}

// TestEnvtest starts envtest with its default kube-apiserver flags, installs the example CRD, adds a
// user, and runs a manager whose reconciler keeps a ConfigMap per Widget.
func TestEnvtest(t *testing.T) {
	assets := kubebuilderAssets(t)
	env := &envtest.Environment{
		BinaryAssetsDirectory: assets,
		CRDDirectoryPaths:     []string{filepath.Join("..", "..", "artifacts", "crd.yaml")},
		ErrorIfCRDPathMissing: true,
	}
	// Registered first, so it runs after envtest stopped: kapi keeps its data in envtest's directory.
	t.Cleanup(func() {
		if _, err := os.Stat(".kapi"); !errors.Is(err, os.ErrNotExist) {
			t.Errorf("kapi left .kapi in the working directory (stat: %v)", err)
			_ = os.RemoveAll(".kapi")
		}
	})
	cfg, err := env.Start()
	if err != nil {
		t.Fatalf("starting envtest: %v", err)
	}
	t.Cleanup(func() {
		if err := env.Stop(); err != nil {
			t.Errorf("stopping envtest: %v", err)
		}
	})
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()

	t.Run("user", func(t *testing.T) { testUser(ctx, t, env) })
	t.Run("manager", func(t *testing.T) { testManager(ctx, t, cfg) })
}

// testUser adds a user without groups: RBAC refuses it until it is bound to the view role.
func testUser(ctx context.Context, t *testing.T, env *envtest.Environment) {
	user, err := env.ControlPlane.AddUser(envtest.User{Name: "alice"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	alice, err := kubernetes.NewForConfig(user.Config())
	if err != nil {
		t.Fatal(err)
	}
	_, err = alice.CoreV1().Pods("default").List(ctx, metav1.ListOptions{})
	want := `pods is forbidden: User "alice" cannot list resource "pods" in API group "" in the namespace "default"`
	if !apierrors.IsForbidden(err) || err.Error() != want {
		t.Fatalf("alice lists pods before any binding: err = %v, want 403 %q", err, want)
	}

	admin, err := kubernetes.NewForConfig(env.Config)
	if err != nil {
		t.Fatal(err)
	}
	binding := &rbacv1.RoleBinding{
		ObjectMeta: metav1.ObjectMeta{Name: "alice-view", Namespace: "default"},
		RoleRef:    rbacv1.RoleRef{APIGroup: rbacv1.GroupName, Kind: "ClusterRole", Name: "view"},
		Subjects:   []rbacv1.Subject{{APIGroup: rbacv1.GroupName, Kind: rbacv1.UserKind, Name: "alice"}},
	}
	if _, err := admin.RbacV1().RoleBindings("default").Create(ctx, binding, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	err = wait.PollUntilContextCancel(ctx, 100*time.Millisecond, true, func(ctx context.Context) (bool, error) {
		_, err := alice.CoreV1().Pods("default").List(ctx, metav1.ListOptions{})
		return err == nil, nil
	})
	if err != nil {
		t.Fatal("alice still cannot list pods after being bound to view")
	}
	_, err = alice.CoreV1().ConfigMaps("default").Create(ctx, &corev1.ConfigMap{ObjectMeta: metav1.ObjectMeta{Name: "x"}}, metav1.CreateOptions{})
	if !apierrors.IsForbidden(err) {
		t.Fatalf("alice (view) creates a ConfigMap: err = %v, want 403", err)
	}
}

// testManager runs a leader-elected manager whose reconciler writes a ConfigMap per Widget, owned by
// the Widget, and follows changes of the Widget's size.
func testManager(ctx context.Context, t *testing.T, cfg *rest.Config) {
	mgr, err := ctrl.NewManager(cfg, ctrl.Options{
		Metrics:                 metricsserver.Options{BindAddress: "0"},
		LeaderElection:          true,
		LeaderElectionID:        "widgets.example.kapi.dev",
		LeaderElectionNamespace: "default",
	})
	if err != nil {
		t.Fatal(err)
	}
	widget := &unstructured.Unstructured{}
	widget.SetGroupVersionKind(widgetGVK)
	err = ctrl.NewControllerManagedBy(mgr).For(widget).Owns(&corev1.ConfigMap{}).Complete(&widgetReconciler{client: mgr.GetClient()})
	if err != nil {
		t.Fatal(err)
	}
	mgrCtx, stop := context.WithCancel(ctx)
	done := make(chan error, 1)
	go func() { done <- mgr.Start(mgrCtx) }()
	t.Cleanup(func() {
		stop()
		if err := <-done; err != nil {
			t.Errorf("manager: %v", err)
		}
	})

	c := mgr.GetClient()
	gizmo := &unstructured.Unstructured{Object: map[string]any{
		"metadata": map[string]any{"name": "gizmo", "namespace": "default"},
		"spec":     map[string]any{"size": int64(3), "color": "red"},
	}}
	gizmo.SetGroupVersionKind(widgetGVK)
	if err := c.Create(ctx, gizmo); err != nil {
		t.Fatal(err)
	}
	waitForSize(ctx, t, c, "3")

	if err := unstructured.SetNestedField(gizmo.Object, int64(5), "spec", "size"); err != nil {
		t.Fatal(err)
	}
	if err := c.Update(ctx, gizmo); err != nil {
		t.Fatal(err)
	}
	waitForSize(ctx, t, c, "5")
}

// waitForSize waits until the reconciler's ConfigMap for gizmo says size.
func waitForSize(ctx context.Context, t *testing.T, c client.Client, size string) {
	t.Helper()
	var cm corev1.ConfigMap
	err := wait.PollUntilContextCancel(ctx, 100*time.Millisecond, true, func(ctx context.Context) (bool, error) {
		err := c.Get(ctx, client.ObjectKey{Namespace: "default", Name: "gizmo-size"}, &cm)
		return err == nil && cm.Data["size"] == size, nil
	})
	if err != nil {
		t.Fatalf("ConfigMap gizmo-size = %v, want data.size %s", cm.Data, size)
	}
	if owners := cm.OwnerReferences; len(owners) != 1 || owners[0].Kind != "Widget" || owners[0].Name != "gizmo" {
		t.Fatalf("ConfigMap gizmo-size owners = %+v, want the Widget gizmo", owners)
	}
}

// widgetReconciler keeps a ConfigMap "<widget>-size" holding each Widget's spec.size.
type widgetReconciler struct {
	client client.Client
}

func (r *widgetReconciler) Reconcile(ctx context.Context, req ctrl.Request) (ctrl.Result, error) {
	widget := &unstructured.Unstructured{}
	widget.SetGroupVersionKind(widgetGVK)
	if err := r.client.Get(ctx, req.NamespacedName, widget); err != nil {
		return ctrl.Result{}, client.IgnoreNotFound(err)
	}
	size, _, err := unstructured.NestedInt64(widget.Object, "spec", "size")
	if err != nil {
		return ctrl.Result{}, err
	}
	cm := &corev1.ConfigMap{ObjectMeta: metav1.ObjectMeta{Name: req.Name + "-size", Namespace: req.Namespace}}
	_, err = controllerutil.CreateOrUpdate(ctx, r.client, cm, func() error {
		cm.Data = map[string]string{"size": fmt.Sprint(size)}
		return controllerutil.SetControllerReference(widget, cm, r.client.Scheme())
	})
	return ctrl.Result{}, err
}
