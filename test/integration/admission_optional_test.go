package integration

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	imagepolicyv1alpha1 "k8s.io/api/imagepolicy/v1alpha1"
	rbacv1 "k8s.io/api/rbac/v1"
	apiextensionsv1 "k8s.io/apiextensions-apiserver/pkg/apis/apiextensions/v1"
	apiextensionsclient "k8s.io/apiextensions-apiserver/pkg/client/clientset/clientset"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/api/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/util/wait"
	"k8s.io/client-go/dynamic"
	"k8s.io/client-go/kubernetes"
)

// imagePolicyBackend is an image policy webhook: it refuses images from evil/ and fails, with a
// 500, for images from broken/.
func imagePolicyBackend(w http.ResponseWriter, r *http.Request) {
	var review imagepolicyv1alpha1.ImageReview
	if err := json.NewDecoder(r.Body).Decode(&review); err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	review.Status.Allowed = true
	for _, c := range review.Spec.Containers {
		switch {
		case strings.HasPrefix(c.Image, "broken/"):
			http.Error(w, "backend down", http.StatusInternalServerError)
			return
		case strings.HasPrefix(c.Image, "evil/"):
			review.Status = imagepolicyv1alpha1.ImageReviewStatus{Reason: "images from evil/ are not allowed"}
		}
	}
	_ = json.NewEncoder(w).Encode(review)
}

// optionalAdmissionConfig configures the plugins inline, except EventRateLimit, whose
// configuration is a file of its own next to this one.
const optionalAdmissionConfig = `apiVersion: apiserver.config.k8s.io/v1
kind: AdmissionConfiguration
plugins:
- name: PodTolerationRestriction
  configuration:
    apiVersion: podtolerationrestriction.admission.k8s.io/v1alpha1
    kind: Configuration
    default:
    - key: adm-opt/cluster
      operator: Exists
      effect: NoSchedule
- name: EventRateLimit
  path: eventratelimit.yaml
- name: ImagePolicyWebhook
  configuration:
    imagePolicy:
      kubeConfigFile: %s
      allowTTL: 50
      denyTTL: 50
      retryBackoff: 1
      defaultAllow: true
`

const eventRateLimitConfig = `apiVersion: eventratelimit.admission.k8s.io/v1alpha1
kind: Configuration
limits:
- type: Namespace
  qps: 1
  burst: 3
`

func writeFile(t *testing.T, path, data string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(data), 0o600); err != nil {
		t.Fatal(err)
	}
}

// expectStatus checks an error's HTTP code and exact message.
func expectStatus(t *testing.T, err error, code int32, message string) {
	t.Helper()
	var status apierrors.APIStatus
	if !errors.As(err, &status) {
		t.Fatalf("got %v, want a %d", err, code)
	}
	if st := status.Status(); st.Code != code || st.Message != message {
		t.Fatalf("got %d %q\nwant %d %q", st.Code, st.Message, code, message)
	}
}

// TestAdmissionOptionalPlugins turns on, with their configuration files, the upstream plugins that
// are off by default and change what every pod or event of a server gets.
func TestAdmissionOptionalPlugins(t *testing.T) {
	ctx := context.Background()
	backend := httptest.NewServer(http.HandlerFunc(imagePolicyBackend))
	defer backend.Close()
	dir := t.TempDir()
	kubeconfig := filepath.Join(dir, "image-policy.kubeconfig")
	writeFile(t, kubeconfig, fmt.Sprintf("apiVersion: v1\nkind: Config\nclusters:\n- name: images\n  cluster:\n    server: %s\nusers:\n- name: kapi\ncontexts:\n- name: images\n  context: {cluster: images, user: kapi}\ncurrent-context: images\n", backend.URL))
	writeFile(t, filepath.Join(dir, "eventratelimit.yaml"), eventRateLimitConfig)
	config := filepath.Join(dir, "admission.yaml")
	writeFile(t, config, fmt.Sprintf(optionalAdmissionConfig, kubeconfig))
	s := startServer(t, "--enable-admission-plugins=PodTolerationRestriction,OwnerReferencesPermissionEnforcement,ImagePolicyWebhook,EventRateLimit",
		"--admission-control-config-file="+config)
	client := kubernetes.NewForConfigOrDie(s.ClientConfig)

	t.Run("PodTolerationRestriction", func(t *testing.T) {
		createNamespace(t, client, "adm-opt-tol")
		clusterDefault := corev1.Toleration{Key: "adm-opt/cluster", Operator: corev1.TolerationOpExists, Effect: corev1.TaintEffectNoSchedule}
		memoryPressure := corev1.Toleration{Key: "node.kubernetes.io/memory-pressure", Operator: corev1.TolerationOpExists, Effect: corev1.TaintEffectNoSchedule}
		got := mustCreatePod(t, client, "adm-opt-tol", simplePod("best-effort", "nginx"))
		if !slices.Contains(got.Spec.Tolerations, clusterDefault) || slices.Contains(got.Spec.Tolerations, memoryPressure) {
			t.Errorf("tolerations = %+v, want the configured default and no memory-pressure one for a BestEffort pod", got.Spec.Tolerations)
		}
		burstable := simplePod("burstable", "nginx")
		burstable.Spec.Containers[0].Resources.Requests = corev1.ResourceList{corev1.ResourceCPU: resource.MustParse("100m")}
		got = mustCreatePod(t, client, "adm-opt-tol", burstable)
		if !slices.Contains(got.Spec.Tolerations, memoryPressure) {
			t.Errorf("tolerations = %+v, want memory-pressure for a Burstable pod", got.Spec.Tolerations)
		}

		createNamespaceObject(t, client, &corev1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: "adm-opt-tol-team", Annotations: map[string]string{
			"scheduler.alpha.kubernetes.io/defaultTolerations":   `[{"key":"dedicated","operator":"Equal","value":"team","effect":"NoSchedule"}]`,
			"scheduler.alpha.kubernetes.io/tolerationsWhitelist": `[{"key":"dedicated","operator":"Exists"},{"key":"node.kubernetes.io/not-ready","operator":"Exists"},{"key":"node.kubernetes.io/unreachable","operator":"Exists"}]`,
		}}})
		got = mustCreatePod(t, client, "adm-opt-tol-team", simplePod("team", "nginx"))
		dedicated := corev1.Toleration{Key: "dedicated", Operator: corev1.TolerationOpEqual, Value: "team", Effect: corev1.TaintEffectNoSchedule}
		if !slices.Contains(got.Spec.Tolerations, dedicated) || slices.Contains(got.Spec.Tolerations, clusterDefault) {
			t.Errorf("tolerations = %+v, want the namespace's default instead of the cluster's", got.Spec.Tolerations)
		}
		gpu := simplePod("gpu", "nginx")
		gpu.Spec.Tolerations = []corev1.Toleration{{Key: "gpu", Operator: corev1.TolerationOpExists}}
		_, err := createPod(t, client, "adm-opt-tol-team", gpu)
		expectStatus(t, err, http.StatusInternalServerError, "pod tolerations (possibly merged with namespace default tolerations) conflict with its namespace whitelist")
	})

	t.Run("ImagePolicyWebhook", func(t *testing.T) {
		createNamespace(t, client, "adm-opt-images")
		mustCreatePod(t, client, "adm-opt-images", simplePod("good", "registry.example.com/app"))
		_, err := createPod(t, client, "adm-opt-images", simplePod("evil", "evil/miner"))
		expectForbidden(t, err, `pods "evil" is forbidden: image policy webhook backend denied one or more images: images from evil/ are not allowed`)
		// defaultAllow admits what the failing webhook could not review.
		mustCreatePod(t, client, "adm-opt-images", simplePod("unreviewed", "broken/app"))
	})

	t.Run("EventRateLimit", func(t *testing.T) {
		createNamespace(t, client, "adm-opt-events")
		createNamespace(t, client, "adm-opt-events-other")
		event := func(namespace string, i int) error {
			e := &corev1.Event{
				ObjectMeta:     metav1.ObjectMeta{Name: fmt.Sprintf("e%d", i)},
				InvolvedObject: corev1.ObjectReference{Kind: "Pod", Namespace: namespace, Name: "p"},
				Reason:         "Tested", Message: "rate limited", Type: corev1.EventTypeNormal,
			}
			_, err := client.CoreV1().Events(namespace).Create(ctx, e, metav1.CreateOptions{})
			return err
		}
		for i := range 3 {
			if err := event("adm-opt-events", i); err != nil {
				t.Fatalf("event %d of the burst: %v", i, err)
			}
		}
		// The bucket refills once a second, so a request may slip through now and then.
		var err error
		for i := 3; i < 30 && err == nil; i++ {
			err = event("adm-opt-events", i)
		}
		expectStatus(t, err, http.StatusTooManyRequests, "Too many requests: limit reached on type Namespace for key adm-opt-events")
		if err := event("adm-opt-events-other", 0); err != nil {
			t.Errorf("another namespace's event: %v", err)
		}
	})

	t.Run("OwnerReferencesPermissionEnforcement", func(t *testing.T) {
		const ns = "adm-opt-owners"
		createNamespace(t, client, ns)
		role := &rbacv1.Role{ObjectMeta: metav1.ObjectMeta{Name: "writer"}, Rules: []rbacv1.PolicyRule{
			{APIGroups: []string{""}, Resources: []string{"secrets", "configmaps"}, Verbs: []string{"get", "create", "update"}},
		}}
		if _, err := client.RbacV1().Roles(ns).Create(ctx, role, metav1.CreateOptions{}); err != nil {
			t.Fatal(err)
		}
		binding := &rbacv1.RoleBinding{ObjectMeta: metav1.ObjectMeta{Name: "writer"}, RoleRef: bindingTo("Role", "writer"), Subjects: []rbacv1.Subject{userSubject("adm-opt-owner")}}
		if _, err := client.RbacV1().RoleBindings(ns).Create(ctx, binding, metav1.CreateOptions{}); err != nil {
			t.Fatal(err)
		}
		owner, err := client.CoreV1().ConfigMaps(ns).Create(ctx, &corev1.ConfigMap{ObjectMeta: metav1.ObjectMeta{Name: "owner"}}, metav1.CreateOptions{})
		if err != nil {
			t.Fatal(err)
		}
		user := kubernetes.NewForConfigOrDie(as(s.ClientConfig, "adm-opt-owner"))
		secrets := user.CoreV1().Secrets(ns)
		ref := func(block bool) []metav1.OwnerReference {
			return []metav1.OwnerReference{{APIVersion: "v1", Kind: "ConfigMap", Name: "owner", UID: owner.UID, BlockOwnerDeletion: &block}}
		}
		var plain *corev1.Secret
		eventually(t, func() error {
			plain, err = secrets.Create(ctx, &corev1.Secret{ObjectMeta: metav1.ObjectMeta{Name: "plain", OwnerReferences: ref(false)}}, metav1.CreateOptions{})
			return err
		})
		_, err = secrets.Create(ctx, &corev1.Secret{ObjectMeta: metav1.ObjectMeta{Name: "blocking", OwnerReferences: ref(true)}}, metav1.CreateOptions{})
		expectForbidden(t, err, `secrets "blocking" is forbidden: cannot set blockOwnerDeletion if an ownerReference refers to a resource you can't set finalizers on: , <nil>`)
		plain.OwnerReferences = nil
		_, err = secrets.Update(ctx, plain, metav1.UpdateOptions{})
		expectForbidden(t, err, `secrets "plain" is forbidden: cannot set an ownerRef on a resource you can't delete: , <nil>`)

		role.Rules = append(role.Rules, rbacv1.PolicyRule{APIGroups: []string{""}, Resources: []string{"configmaps/finalizers"}, Verbs: []string{"update"}})
		if _, err := client.RbacV1().Roles(ns).Update(ctx, role, metav1.UpdateOptions{}); err != nil {
			t.Fatal(err)
		}
		eventually(t, func() error {
			_, err := secrets.Create(ctx, &corev1.Secret{ObjectMeta: metav1.ObjectMeta{Name: "blocking", OwnerReferences: ref(true)}}, metav1.CreateOptions{})
			return err
		})
	})
}

// TestAdmissionOptionalQuotaOnCustomResources charges a custom resource to a ResourceQuota's
// count/<plural>.<group>, as kube-apiserver and kube-controller-manager do for every resource.
func TestAdmissionOptionalQuotaOnCustomResources(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	const ns, count = "adm-opt-crquota", "count/quotawidgets.adm-opt.kapi.dev"
	client := jsonClient(t)
	crds := apiextensionsclient.NewForConfigOrDie(server.ClientConfig).ApiextensionsV1().CustomResourceDefinitions()
	crd := &apiextensionsv1.CustomResourceDefinition{
		ObjectMeta: metav1.ObjectMeta{Name: "quotawidgets.adm-opt.kapi.dev"},
		Spec: apiextensionsv1.CustomResourceDefinitionSpec{
			Group: "adm-opt.kapi.dev",
			Scope: apiextensionsv1.NamespaceScoped,
			Names: apiextensionsv1.CustomResourceDefinitionNames{Plural: "quotawidgets", Singular: "quotawidget", Kind: "QuotaWidget", ListKind: "QuotaWidgetList"},
			Versions: []apiextensionsv1.CustomResourceDefinitionVersion{{
				Name: "v1", Served: true, Storage: true,
				Schema: &apiextensionsv1.CustomResourceValidation{OpenAPIV3Schema: &apiextensionsv1.JSONSchemaProps{Type: "object"}},
			}},
		},
	}
	if _, err := crds.Create(ctx, crd, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = crds.Delete(context.Background(), crd.Name, metav1.DeleteOptions{}) })
	createNamespace(t, client, ns)
	quotas := client.CoreV1().ResourceQuotas(ns)
	if _, err := quotas.Create(ctx, &corev1.ResourceQuota{
		ObjectMeta: metav1.ObjectMeta{Name: "widgets"},
		Spec:       corev1.ResourceQuotaSpec{Hard: quotaList(count, "1")},
	}, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	// The controller finds a new resource within its discovery period and counts it for quotas
	// recalculated from then on; as upstream's e2e test does, a change of the spec asks for that.
	// The change is to a limit of configmaps, so that the widgets' limit is 1 in every version of
	// the quota that admission, reading its own informer's copy, may still hold.
	bump := 0
	waitForUsage := func(done func(used resource.Quantity, counted bool) bool) {
		t.Helper()
		var last error
		err := wait.PollUntilContextCancel(ctx, time.Second, true, func(ctx context.Context) (bool, error) {
			q, err := quotas.Get(ctx, "widgets", metav1.GetOptions{})
			if err != nil {
				return false, err
			}
			used, counted := q.Status.Used[count]
			if done(used, counted) {
				return true, nil
			}
			bump++
			q.Spec.Hard = quotaList(count, "1", "count/configmaps", fmt.Sprint(100+bump%2))
			_, last = quotas.Update(ctx, q, metav1.UpdateOptions{})
			if last == nil {
				last = fmt.Errorf("status.used = %v", q.Status.Used)
			}
			return false, nil
		})
		if err != nil {
			t.Fatalf("the quota's usage of the custom resource never got there: %v", last)
		}
	}
	waitForUsage(func(_ resource.Quantity, counted bool) bool { return counted })

	gvr := schema.GroupVersionResource{Group: "adm-opt.kapi.dev", Version: "v1", Resource: "quotawidgets"}
	widgets := dynamic.NewForConfigOrDie(server.ClientConfig).Resource(gvr).Namespace(ns)
	widget := func(name string) *unstructured.Unstructured {
		return &unstructured.Unstructured{Object: map[string]any{"apiVersion": "adm-opt.kapi.dev/v1", "kind": "QuotaWidget", "metadata": map[string]any{"name": name}}}
	}
	eventually(t, func() error {
		_, err := widgets.Create(ctx, widget("w1"), metav1.CreateOptions{})
		return err
	})
	_, err := widgets.Create(ctx, widget("w2"), metav1.CreateOptions{})
	expectForbidden(t, err, `quotawidgets.adm-opt.kapi.dev "w2" is forbidden: exceeded quota: widgets, requested: count/quotawidgets.adm-opt.kapi.dev=1, used: count/quotawidgets.adm-opt.kapi.dev=1, limited: count/quotawidgets.adm-opt.kapi.dev=1`)

	if err := widgets.Delete(ctx, "w1", metav1.DeleteOptions{}); err != nil {
		t.Fatal(err)
	}
	waitForUsage(func(used resource.Quantity, counted bool) bool { return counted && used.IsZero() })
}
