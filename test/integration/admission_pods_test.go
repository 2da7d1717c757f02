package integration

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"testing"

	"github.com/google/go-cmp/cmp"
	corev1 "k8s.io/api/core/v1"
	nodev1 "k8s.io/api/node/v1"
	schedulingv1 "k8s.io/api/scheduling/v1"
	"k8s.io/apimachinery/pkg/api/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/rest"
)

// defaultTolerations are what DefaultTolerationSeconds gives every pod.
var defaultTolerations = []corev1.Toleration{
	{Key: "node.kubernetes.io/not-ready", Operator: corev1.TolerationOpExists, Effect: corev1.TaintEffectNoExecute, TolerationSeconds: ptr[int64](300)},
	{Key: "node.kubernetes.io/unreachable", Operator: corev1.TolerationOpExists, Effect: corev1.TaintEffectNoExecute, TolerationSeconds: ptr[int64](300)},
}

func createPod(t *testing.T, client kubernetes.Interface, namespace string, pod *corev1.Pod) (*corev1.Pod, error) {
	t.Helper()
	return client.CoreV1().Pods(namespace).Create(context.Background(), pod, metav1.CreateOptions{})
}

func mustCreatePod(t *testing.T, client kubernetes.Interface, namespace string, pod *corev1.Pod) *corev1.Pod {
	t.Helper()
	created, err := createPod(t, client, namespace, pod)
	if err != nil {
		t.Fatalf("creating pod %s: %v", pod.Name, err)
	}
	return created
}

func TestAdmissionPodGetsServiceAccountTolerationsAndPriority(t *testing.T) {
	client := jsonClient(t)
	createNamespace(t, client, "adm-defaults")
	pod := simplePod("web", "nginx")
	pod.Spec.InitContainers = []corev1.Container{{Name: "init", Image: "busybox"}}
	got := mustCreatePod(t, client, "adm-defaults", pod)

	if got.Spec.ServiceAccountName != "default" || got.Spec.DeprecatedServiceAccount != "default" {
		t.Errorf("serviceAccountName, serviceAccount = %q, %q; want default, default", got.Spec.ServiceAccountName, got.Spec.DeprecatedServiceAccount)
	}
	if len(got.Spec.Volumes) != 1 || !regexp.MustCompile(`^kube-api-access-[a-z0-9]{5}$`).MatchString(got.Spec.Volumes[0].Name) {
		t.Fatalf("volumes = %+v, want one kube-api-access-xxxxx volume", got.Spec.Volumes)
	}
	volume := got.Spec.Volumes[0].Name
	wantSource := &corev1.ProjectedVolumeSource{
		DefaultMode: ptr[int32](420),
		Sources: []corev1.VolumeProjection{
			{ServiceAccountToken: &corev1.ServiceAccountTokenProjection{Path: "token", ExpirationSeconds: ptr[int64](3607)}},
			{ConfigMap: &corev1.ConfigMapProjection{LocalObjectReference: corev1.LocalObjectReference{Name: "kube-root-ca.crt"}, Items: []corev1.KeyToPath{{Key: "ca.crt", Path: "ca.crt"}}}},
			{DownwardAPI: &corev1.DownwardAPIProjection{Items: []corev1.DownwardAPIVolumeFile{{Path: "namespace", FieldRef: &corev1.ObjectFieldSelector{APIVersion: "v1", FieldPath: "metadata.namespace"}}}}},
		},
	}
	if diff := cmp.Diff(wantSource, got.Spec.Volumes[0].Projected); diff != "" {
		t.Errorf("projected volume (-want +got):\n%s", diff)
	}
	wantMounts := []corev1.VolumeMount{{Name: volume, ReadOnly: true, MountPath: "/var/run/secrets/kubernetes.io/serviceaccount"}}
	for _, c := range append(got.Spec.InitContainers, got.Spec.Containers...) {
		if diff := cmp.Diff(wantMounts, c.VolumeMounts); diff != "" {
			t.Errorf("container %s mounts (-want +got):\n%s", c.Name, diff)
		}
	}
	if diff := cmp.Diff(defaultTolerations, got.Spec.Tolerations); diff != "" {
		t.Errorf("tolerations (-want +got):\n%s", diff)
	}
	if got.Spec.Priority == nil || *got.Spec.Priority != 0 || got.Spec.PreemptionPolicy == nil || *got.Spec.PreemptionPolicy != corev1.PreemptLowerPriority {
		t.Errorf("priority, preemptionPolicy = %v, %v; want 0, PreemptLowerPriority", got.Spec.Priority, got.Spec.PreemptionPolicy)
	}
}

func TestAdmissionServiceAccountMustExist(t *testing.T) {
	client := jsonClient(t)
	createNamespace(t, client, "adm-sa")
	pod := simplePod("orphan", "nginx")
	pod.Spec.ServiceAccountName = "missing"
	_, err := createPod(t, client, "adm-sa", pod)
	expectForbidden(t, err, `pods "orphan" is forbidden: error looking up service account adm-sa/missing: serviceaccount "missing" not found`)
}

func TestAdmissionServiceAccountAutomountOff(t *testing.T) {
	client := jsonClient(t)
	createNamespace(t, client, "adm-automount")
	ctx := context.Background()
	sa := &corev1.ServiceAccount{ObjectMeta: metav1.ObjectMeta{Name: "quiet"}, AutomountServiceAccountToken: ptr(false)}
	if _, err := client.CoreV1().ServiceAccounts("adm-automount").Create(ctx, sa, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	pod := simplePod("quiet", "nginx")
	pod.Spec.ServiceAccountName = "quiet"
	got := mustCreatePod(t, client, "adm-automount", pod)
	if len(got.Spec.Volumes) != 0 || len(got.Spec.Containers[0].VolumeMounts) != 0 {
		t.Errorf("volumes %+v, mounts %+v; want none for an account with automountServiceAccountToken=false", got.Spec.Volumes, got.Spec.Containers[0].VolumeMounts)
	}
	// The pod's own choice wins over the account's.
	pod = simplePod("loud", "nginx")
	pod.Spec.ServiceAccountName = "quiet"
	pod.Spec.AutomountServiceAccountToken = ptr(true)
	if got := mustCreatePod(t, client, "adm-automount", pod); len(got.Spec.Volumes) != 1 {
		t.Errorf("volumes = %+v, want the token volume", got.Spec.Volumes)
	}
}

func TestAdmissionMountableSecretsEnforced(t *testing.T) {
	client := jsonClient(t)
	createNamespace(t, client, "adm-secrets")
	sa := &corev1.ServiceAccount{
		ObjectMeta: metav1.ObjectMeta{Name: "strict", Annotations: map[string]string{"kubernetes.io/enforce-mountable-secrets": "true"}},
		Secrets:    []corev1.ObjectReference{{Name: "allowed"}},
	}
	if _, err := client.CoreV1().ServiceAccounts("adm-secrets").Create(context.Background(), sa, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	pod := simplePod("snoop", "nginx")
	pod.Spec.ServiceAccountName = "strict"
	pod.Spec.Volumes = []corev1.Volume{{Name: "s", VolumeSource: corev1.VolumeSource{Secret: &corev1.SecretVolumeSource{SecretName: "other"}}}}
	_, err := createPod(t, client, "adm-secrets", pod)
	expectForbidden(t, err, `pods "snoop" is forbidden: volume with secret.secretName="other" is not allowed because service account strict does not reference that secret`)
}

func TestAdmissionNewNodeIsTaintedNotReady(t *testing.T) {
	client := jsonClient(t)
	node := &corev1.Node{ObjectMeta: metav1.ObjectMeta{Name: "adm-node", Labels: map[string]string{"topology.k8s.io/zone": "z1"}}}
	got, err := client.CoreV1().Nodes().Create(context.Background(), node, metav1.CreateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = client.CoreV1().Nodes().Delete(context.Background(), "adm-node", metav1.DeleteOptions{}) })
	want := []corev1.Taint{{Key: "node.kubernetes.io/not-ready", Effect: corev1.TaintEffectNoSchedule}}
	if diff := cmp.Diff(want, got.Spec.Taints); diff != "" {
		t.Errorf("taints (-want +got):\n%s", diff)
	}

	// PodTopologyLabels copies the node's topology.k8s.io labels to a pod created on it.
	createNamespace(t, client, "adm-topology")
	pod := simplePod("placed", "nginx")
	pod.Spec.NodeName = "adm-node"
	// The plugin reads nodes from an informer, which sees the new node a moment later; dry runs
	// pass admission without leaving pods behind.
	eventually(t, func() error {
		placed, err := client.CoreV1().Pods("adm-topology").Create(context.Background(), pod, metav1.CreateOptions{DryRun: []string{metav1.DryRunAll}})
		if err == nil && placed.Labels["topology.k8s.io/zone"] == "" {
			return errors.New("no topology label yet")
		}
		return err
	})
	placed := mustCreatePod(t, client, "adm-topology", pod)
	if placed.Labels["topology.k8s.io/zone"] != "z1" {
		t.Errorf("labels = %v, want topology.k8s.io/zone=z1 from the node", placed.Labels)
	}

	// So does binding a pod, which is how the scheduler places it.
	mustCreatePod(t, client, "adm-topology", simplePod("scheduled", "nginx"))
	binding := &corev1.Binding{ObjectMeta: metav1.ObjectMeta{Name: "scheduled"}, Target: corev1.ObjectReference{Kind: "Node", Name: "adm-node"}}
	if err := client.CoreV1().Pods("adm-topology").Bind(context.Background(), binding, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	bound, err := client.CoreV1().Pods("adm-topology").Get(context.Background(), "scheduled", metav1.GetOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if bound.Labels["topology.k8s.io/zone"] != "z1" || bound.Labels["app"] != "scheduled" {
		t.Errorf("labels after binding = %v, want app=scheduled and topology.k8s.io/zone=z1", bound.Labels)
	}
}

func TestAdmissionLimitRange(t *testing.T) {
	client := jsonClient(t)
	createNamespace(t, client, "adm-limits")
	lr := &corev1.LimitRange{
		ObjectMeta: metav1.ObjectMeta{Name: "limits"},
		Spec: corev1.LimitRangeSpec{Limits: []corev1.LimitRangeItem{{
			Type:           corev1.LimitTypeContainer,
			Default:        corev1.ResourceList{corev1.ResourceCPU: resource.MustParse("500m")},
			DefaultRequest: corev1.ResourceList{corev1.ResourceCPU: resource.MustParse("100m")},
			Max:            corev1.ResourceList{corev1.ResourceCPU: resource.MustParse("1")},
		}}},
	}
	if _, err := client.CoreV1().LimitRanges("adm-limits").Create(context.Background(), lr, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	got := mustCreatePod(t, client, "adm-limits", simplePod("defaulted", "nginx"))
	want := corev1.ResourceRequirements{
		Requests: corev1.ResourceList{corev1.ResourceCPU: resource.MustParse("100m")},
		Limits:   corev1.ResourceList{corev1.ResourceCPU: resource.MustParse("500m")},
	}
	if !cmp.Equal(want, got.Spec.Containers[0].Resources, cmp.Comparer(func(a, b resource.Quantity) bool { return a.Cmp(b) == 0 })) {
		t.Errorf("resources = %+v, want %+v", got.Spec.Containers[0].Resources, want)
	}
	if a := got.Annotations["kubernetes.io/limit-ranger"]; a != "LimitRanger plugin set: cpu request for container main; cpu limit for container main" {
		t.Errorf("annotation = %q", a)
	}
	if got.Status.QOSClass != corev1.PodQOSBurstable {
		t.Errorf("qosClass = %s, want Burstable from the defaulted resources", got.Status.QOSClass)
	}

	big := simplePod("big", "nginx")
	big.Spec.Containers[0].Resources.Limits = corev1.ResourceList{corev1.ResourceCPU: resource.MustParse("2")}
	_, err := createPod(t, client, "adm-limits", big)
	expectForbidden(t, err, `pods "big" is forbidden: maximum cpu usage per Container is 1, but limit is 2`)
}

func TestAdmissionPriorityClass(t *testing.T) {
	client := jsonClient(t)
	ctx := context.Background()
	pc := &schedulingv1.PriorityClass{ObjectMeta: metav1.ObjectMeta{Name: "adm-high"}, Value: 1000, PreemptionPolicy: ptr(corev1.PreemptNever)}
	if _, err := client.SchedulingV1().PriorityClasses().Create(ctx, pc, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = client.SchedulingV1().PriorityClasses().Delete(ctx, "adm-high", metav1.DeleteOptions{}) })
	createNamespace(t, client, "adm-priority")

	pod := simplePod("important", "nginx")
	pod.Spec.PriorityClassName = "adm-high"
	var got *corev1.Pod
	eventually(t, func() error {
		var err error
		got, err = createPod(t, client, "adm-priority", pod)
		return err
	})
	if got.Spec.Priority == nil || *got.Spec.Priority != 1000 || got.Spec.PreemptionPolicy == nil || *got.Spec.PreemptionPolicy != corev1.PreemptNever {
		t.Errorf("priority, preemptionPolicy = %v, %v; want 1000, Never", got.Spec.Priority, got.Spec.PreemptionPolicy)
	}

	pod = simplePod("unknown", "nginx")
	pod.Spec.PriorityClassName = "adm-nonexistent"
	_, err := createPod(t, client, "adm-priority", pod)
	expectForbidden(t, err, `pods "unknown" is forbidden: no PriorityClass with name adm-nonexistent was found`)
}

func TestAdmissionPodSecurityEnforceRestricted(t *testing.T) {
	client := jsonClient(t)
	createNamespaceObject(t, client, &corev1.Namespace{ObjectMeta: metav1.ObjectMeta{
		Name:   "adm-restricted",
		Labels: map[string]string{"pod-security.kubernetes.io/enforce": "restricted"},
	}})
	pod := simplePod("root", "nginx")
	pod.Spec.Containers[0].SecurityContext = &corev1.SecurityContext{Privileged: ptr(true)}
	_, err := createPod(t, client, "adm-restricted", pod)
	expectForbidden(t, err, `pods "root" is forbidden: violates PodSecurity "restricted:latest": `+
		`privileged (container "main" must not set securityContext.privileged=true), `+
		`allowPrivilegeEscalation != false (container "main" must set securityContext.allowPrivilegeEscalation=false), `+
		`unrestricted capabilities (container "main" must set securityContext.capabilities.drop=["ALL"]), `+
		`runAsNonRoot != true (pod or container "main" must set securityContext.runAsNonRoot=true), `+
		`seccompProfile (pod or container "main" must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost")`)
}

func TestAdmissionPodSecurityWarns(t *testing.T) {
	warnings := &batchWarnings{}
	config := rest.CopyConfig(server.ClientConfig)
	config.WarningHandler = warnings
	client := kubernetes.NewForConfigOrDie(config)
	createNamespaceObject(t, client, &corev1.Namespace{ObjectMeta: metav1.ObjectMeta{
		Name:   "adm-warn",
		Labels: map[string]string{"pod-security.kubernetes.io/warn": "baseline", "pod-security.kubernetes.io/warn-version": "v1.37"},
	}})
	warnings.take()
	pod := simplePod("loud", "nginx")
	pod.Spec.Containers[0].SecurityContext = &corev1.SecurityContext{Privileged: ptr(true)}
	mustCreatePod(t, client, "adm-warn", pod)
	want := []string{`would violate PodSecurity "baseline:v1.37": privileged (container "main" must not set securityContext.privileged=true)`}
	if diff := cmp.Diff(want, warnings.take()); diff != "" {
		t.Errorf("warnings (-want +got):\n%s", diff)
	}
}

func TestAdmissionRuntimeClass(t *testing.T) {
	client := jsonClient(t)
	ctx := context.Background()
	rc := &nodev1.RuntimeClass{
		ObjectMeta: metav1.ObjectMeta{Name: "adm-sandbox"},
		Handler:    "runsc",
		Overhead:   &nodev1.Overhead{PodFixed: corev1.ResourceList{corev1.ResourceMemory: resource.MustParse("120Mi")}},
		Scheduling: &nodev1.Scheduling{
			NodeSelector: map[string]string{"sandbox": "true"},
			Tolerations:  []corev1.Toleration{{Key: "sandbox", Operator: corev1.TolerationOpExists, Effect: corev1.TaintEffectNoSchedule}},
		},
	}
	if _, err := client.NodeV1().RuntimeClasses().Create(ctx, rc, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = client.NodeV1().RuntimeClasses().Delete(ctx, "adm-sandbox", metav1.DeleteOptions{}) })
	createNamespace(t, client, "adm-runtime")
	pod := simplePod("sandboxed", "nginx")
	pod.Spec.RuntimeClassName = ptr("adm-sandbox")
	got := mustCreatePod(t, client, "adm-runtime", pod)
	if q := got.Spec.Overhead[corev1.ResourceMemory]; q.String() != "120Mi" {
		t.Errorf("overhead = %v, want memory 120Mi", got.Spec.Overhead)
	}
	if diff := cmp.Diff(map[string]string{"sandbox": "true"}, got.Spec.NodeSelector); diff != "" {
		t.Errorf("nodeSelector (-want +got):\n%s", diff)
	}
	wantTolerations := append(append([]corev1.Toleration{}, defaultTolerations...), rc.Scheduling.Tolerations...)
	if diff := cmp.Diff(wantTolerations, got.Spec.Tolerations); diff != "" {
		t.Errorf("tolerations (-want +got):\n%s", diff)
	}

	pod = simplePod("missing-class", "nginx")
	pod.Spec.RuntimeClassName = ptr("adm-none")
	_, err := createPod(t, client, "adm-runtime", pod)
	expectForbidden(t, err, `pods "missing-class" is forbidden: pod rejected: RuntimeClass "adm-none" not found`)
}

// podSecurityConfig makes baseline the enforced default, except in namespace exempt.
const podSecurityConfig = `apiVersion: apiserver.config.k8s.io/v1
kind: AdmissionConfiguration
plugins:
- name: PodSecurity
  configuration:
    apiVersion: pod-security.admission.config.k8s.io/v1
    kind: PodSecurityConfiguration
    defaults:
      enforce: baseline
      enforce-version: latest
    exemptions:
      namespaces: [exempt]
`

// TestAdmissionFlags runs its own server: it turns plugins off, configures PodSecurity, and makes
// a PriorityClass the global default, which would change every other test's pods.
func TestAdmissionFlags(t *testing.T) {
	config := filepath.Join(t.TempDir(), "admission.yaml")
	if err := os.WriteFile(config, []byte(podSecurityConfig), 0o600); err != nil {
		t.Fatal(err)
	}
	s := startServer(t, "--disable-admission-plugins=ServiceAccount,DefaultTolerationSeconds", "--admission-control-config-file="+config)
	client := kubernetes.NewForConfigOrDie(s.ClientConfig)
	ctx := context.Background()
	for _, ns := range []string{"plain", "exempt"} {
		if _, err := client.CoreV1().Namespaces().Create(ctx, &corev1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: ns}}, metav1.CreateOptions{}); err != nil {
			t.Fatal(err)
		}
	}
	privileged := simplePod("privileged", "nginx")
	privileged.Spec.Containers[0].SecurityContext = &corev1.SecurityContext{Privileged: ptr(true)}
	_, err := createPod(t, client, "plain", privileged)
	expectForbidden(t, err, `pods "privileged" is forbidden: violates PodSecurity "baseline:latest": privileged (container "main" must not set securityContext.privileged=true)`)
	mustCreatePod(t, client, "exempt", privileged)

	got := mustCreatePod(t, client, "plain", simplePod("plain", "nginx"))
	if got.Spec.ServiceAccountName != "" || len(got.Spec.Volumes) != 0 || len(got.Spec.Tolerations) != 0 {
		t.Errorf("serviceAccountName %q, volumes %+v, tolerations %+v; want none with ServiceAccount and DefaultTolerationSeconds off",
			got.Spec.ServiceAccountName, got.Spec.Volumes, got.Spec.Tolerations)
	}

	first := &schedulingv1.PriorityClass{ObjectMeta: metav1.ObjectMeta{Name: "first"}, Value: 10, GlobalDefault: true}
	if _, err := client.SchedulingV1().PriorityClasses().Create(ctx, first, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	// Once a pod gets the default class, the plugin's informer has seen it.
	eventually(t, func() error {
		got, err := client.CoreV1().Pods("plain").Create(ctx, simplePod("probe", "nginx"), metav1.CreateOptions{DryRun: []string{metav1.DryRunAll}})
		if err == nil && got.Spec.PriorityClassName != "first" {
			return errors.New("no default priority class yet")
		}
		return err
	})
	second := &schedulingv1.PriorityClass{ObjectMeta: metav1.ObjectMeta{Name: "second"}, Value: 20, GlobalDefault: true}
	_, err = client.SchedulingV1().PriorityClasses().Create(ctx, second, metav1.CreateOptions{})
	expectForbidden(t, err, `priorityclasses.scheduling.k8s.io "second" is forbidden: PriorityClass first is already marked as default. Only one default can exist`)
	got = mustCreatePod(t, client, "plain", simplePod("defaulted", "nginx"))
	if got.Spec.PriorityClassName != "first" || got.Spec.Priority == nil || *got.Spec.Priority != 10 {
		t.Errorf("priorityClassName, priority = %q, %v; want first, 10 from the global default", got.Spec.PriorityClassName, got.Spec.Priority)
	}
}

// TestAdmissionNoDefaultServiceAccount runs a server without the serviceaccount-controller, so that
// a new namespace never gets its default account: kube-apiserver then refuses pods there. The
// server also sets the default toleration seconds.
func TestAdmissionNoDefaultServiceAccount(t *testing.T) {
	s := startServer(t, "--controllers=*,-serviceaccount-controller", "--default-not-ready-toleration-seconds=60", "--default-unreachable-toleration-seconds=90")
	client := kubernetes.NewForConfigOrDie(s.ClientConfig)
	ctx := context.Background()
	if _, err := client.CoreV1().Namespaces().Create(ctx, &corev1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: "fresh"}}, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	_, err := createPod(t, client, "fresh", simplePod("early", "nginx"))
	expectForbidden(t, err, `pods "early" is forbidden: error looking up service account fresh/default: serviceaccount "default" not found`)

	if _, err := client.CoreV1().ServiceAccounts("fresh").Create(ctx, &corev1.ServiceAccount{ObjectMeta: metav1.ObjectMeta{Name: "robot"}}, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	pod := simplePod("robot", "nginx")
	pod.Spec.ServiceAccountName = "robot"
	got := mustCreatePod(t, client, "fresh", pod)
	want := []corev1.Toleration{
		{Key: "node.kubernetes.io/not-ready", Operator: corev1.TolerationOpExists, Effect: corev1.TaintEffectNoExecute, TolerationSeconds: ptr[int64](60)},
		{Key: "node.kubernetes.io/unreachable", Operator: corev1.TolerationOpExists, Effect: corev1.TaintEffectNoExecute, TolerationSeconds: ptr[int64](90)},
	}
	if diff := cmp.Diff(want, got.Spec.Tolerations); diff != "" {
		t.Errorf("tolerations (-want +got):\n%s", diff)
	}
}
