package fuzz

import (
	admissionregistrationv1 "k8s.io/api/admissionregistration/v1"
	appsv1 "k8s.io/api/apps/v1"
	autoscalingv2 "k8s.io/api/autoscaling/v2"
	batchv1 "k8s.io/api/batch/v1"
	certificatesv1 "k8s.io/api/certificates/v1"
	coordinationv1 "k8s.io/api/coordination/v1"
	corev1 "k8s.io/api/core/v1"
	discoveryv1 "k8s.io/api/discovery/v1"
	flowcontrolv1 "k8s.io/api/flowcontrol/v1"
	networkingv1 "k8s.io/api/networking/v1"
	nodev1 "k8s.io/api/node/v1"
	policyv1 "k8s.io/api/policy/v1"
	rbacv1 "k8s.io/api/rbac/v1"
	resourcev1 "k8s.io/api/resource/v1"
	schedulingv1 "k8s.io/api/scheduling/v1"
	storagev1 "k8s.io/api/storage/v1"
	storagemigrationv1 "k8s.io/api/storagemigration/v1"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apiserver/pkg/registry/rest"

	_ "github.com/kapi-dev/kapi/pkg/apis/abac/install"
	_ "github.com/kapi-dev/kapi/pkg/apis/admissionregistration/install"
	_ "github.com/kapi-dev/kapi/pkg/apis/apps/install"
	_ "github.com/kapi-dev/kapi/pkg/apis/authentication/install"
	_ "github.com/kapi-dev/kapi/pkg/apis/authorization/install"
	_ "github.com/kapi-dev/kapi/pkg/apis/autoscaling/install"
	_ "github.com/kapi-dev/kapi/pkg/apis/batch/install"
	_ "github.com/kapi-dev/kapi/pkg/apis/certificates/install"
	_ "github.com/kapi-dev/kapi/pkg/apis/coordination/install"
	_ "github.com/kapi-dev/kapi/pkg/apis/core/install"
	_ "github.com/kapi-dev/kapi/pkg/apis/discovery/install"
	_ "github.com/kapi-dev/kapi/pkg/apis/events/install"
	_ "github.com/kapi-dev/kapi/pkg/apis/flowcontrol/install"
	_ "github.com/kapi-dev/kapi/pkg/apis/networking/install"
	_ "github.com/kapi-dev/kapi/pkg/apis/node/install"
	_ "github.com/kapi-dev/kapi/pkg/apis/policy/install"
	_ "github.com/kapi-dev/kapi/pkg/apis/rbac/install"
	_ "github.com/kapi-dev/kapi/pkg/apis/resource/install"
	_ "github.com/kapi-dev/kapi/pkg/apis/scheduling/install"
	_ "github.com/kapi-dev/kapi/pkg/apis/storage/install"
	_ "github.com/kapi-dev/kapi/pkg/apis/storagemigration/install"

	"github.com/kapi-dev/kapi/pkg/registry/admissionregistration/mutatingadmissionpolicy"
	"github.com/kapi-dev/kapi/pkg/registry/admissionregistration/mutatingadmissionpolicybinding"
	"github.com/kapi-dev/kapi/pkg/registry/admissionregistration/mutatingwebhookconfiguration"
	"github.com/kapi-dev/kapi/pkg/registry/admissionregistration/validatingadmissionpolicy"
	"github.com/kapi-dev/kapi/pkg/registry/admissionregistration/validatingadmissionpolicybinding"
	"github.com/kapi-dev/kapi/pkg/registry/admissionregistration/validatingwebhookconfiguration"
	"github.com/kapi-dev/kapi/pkg/registry/apps/controllerrevision"
	"github.com/kapi-dev/kapi/pkg/registry/apps/daemonset"
	"github.com/kapi-dev/kapi/pkg/registry/apps/deployment"
	"github.com/kapi-dev/kapi/pkg/registry/apps/replicaset"
	"github.com/kapi-dev/kapi/pkg/registry/apps/statefulset"
	"github.com/kapi-dev/kapi/pkg/registry/autoscaling/horizontalpodautoscaler"
	"github.com/kapi-dev/kapi/pkg/registry/batch/cronjob"
	"github.com/kapi-dev/kapi/pkg/registry/batch/job"
	"github.com/kapi-dev/kapi/pkg/registry/certificates/certificatesigningrequest"
	"github.com/kapi-dev/kapi/pkg/registry/certificates/clustertrustbundle"
	"github.com/kapi-dev/kapi/pkg/registry/certificates/podcertificaterequest"
	"github.com/kapi-dev/kapi/pkg/registry/coordination/lease"
	"github.com/kapi-dev/kapi/pkg/registry/core/configmap"
	"github.com/kapi-dev/kapi/pkg/registry/core/endpoint"
	"github.com/kapi-dev/kapi/pkg/registry/core/event"
	"github.com/kapi-dev/kapi/pkg/registry/core/limitrange"
	"github.com/kapi-dev/kapi/pkg/registry/core/namespace"
	"github.com/kapi-dev/kapi/pkg/registry/core/node"
	"github.com/kapi-dev/kapi/pkg/registry/core/persistentvolume"
	"github.com/kapi-dev/kapi/pkg/registry/core/persistentvolumeclaim"
	"github.com/kapi-dev/kapi/pkg/registry/core/pod"
	"github.com/kapi-dev/kapi/pkg/registry/core/podtemplate"
	"github.com/kapi-dev/kapi/pkg/registry/core/replicationcontroller"
	"github.com/kapi-dev/kapi/pkg/registry/core/resourcequota"
	"github.com/kapi-dev/kapi/pkg/registry/core/secret"
	"github.com/kapi-dev/kapi/pkg/registry/core/service"
	"github.com/kapi-dev/kapi/pkg/registry/core/serviceaccount"
	"github.com/kapi-dev/kapi/pkg/registry/discovery/endpointslice"
	"github.com/kapi-dev/kapi/pkg/registry/flowcontrol/flowschema"
	"github.com/kapi-dev/kapi/pkg/registry/flowcontrol/prioritylevelconfiguration"
	"github.com/kapi-dev/kapi/pkg/registry/networking/ingress"
	"github.com/kapi-dev/kapi/pkg/registry/networking/ingressclass"
	"github.com/kapi-dev/kapi/pkg/registry/networking/ipaddress"
	"github.com/kapi-dev/kapi/pkg/registry/networking/networkpolicy"
	"github.com/kapi-dev/kapi/pkg/registry/networking/servicecidr"
	"github.com/kapi-dev/kapi/pkg/registry/node/runtimeclass"
	"github.com/kapi-dev/kapi/pkg/registry/policy/poddisruptionbudget"
	"github.com/kapi-dev/kapi/pkg/registry/rbac/clusterrole"
	"github.com/kapi-dev/kapi/pkg/registry/rbac/clusterrolebinding"
	"github.com/kapi-dev/kapi/pkg/registry/rbac/role"
	"github.com/kapi-dev/kapi/pkg/registry/rbac/rolebinding"
	"github.com/kapi-dev/kapi/pkg/registry/resource/deviceclass"
	"github.com/kapi-dev/kapi/pkg/registry/resource/devicetaintrule"
	"github.com/kapi-dev/kapi/pkg/registry/resource/resourceslice"
	"github.com/kapi-dev/kapi/pkg/registry/scheduling/priorityclass"
	"github.com/kapi-dev/kapi/pkg/registry/storage/csidriver"
	"github.com/kapi-dev/kapi/pkg/registry/storage/csinode"
	"github.com/kapi-dev/kapi/pkg/registry/storage/csistoragecapacity"
	"github.com/kapi-dev/kapi/pkg/registry/storage/storageclass"
	"github.com/kapi-dev/kapi/pkg/registry/storage/volumeattachment"
	"github.com/kapi-dev/kapi/pkg/registry/storage/volumeattributesclass"
	"github.com/kapi-dev/kapi/pkg/registry/storagemigration/storageversionmigration"
)

// kind is one kind kapi serves and the strategy its storage creates and updates it with.
type kind struct {
	gvk      schema.GroupVersionKind
	strategy rest.RESTCreateStrategy
}

// kinds are the kinds whose strategies need nothing but the object. The strategies of ResourceClaims
// and ResourceClaimTemplates read namespaces from the server, so they are left to the integration
// tests.
var kinds = []kind{
	{admissionregistrationv1.SchemeGroupVersion.WithKind("MutatingAdmissionPolicy"), mutatingadmissionpolicy.Strategy},
	{admissionregistrationv1.SchemeGroupVersion.WithKind("MutatingAdmissionPolicyBinding"), mutatingadmissionpolicybinding.Strategy},
	{admissionregistrationv1.SchemeGroupVersion.WithKind("MutatingWebhookConfiguration"), mutatingwebhookconfiguration.Strategy},
	{admissionregistrationv1.SchemeGroupVersion.WithKind("ValidatingAdmissionPolicy"), validatingadmissionpolicy.Strategy},
	{admissionregistrationv1.SchemeGroupVersion.WithKind("ValidatingAdmissionPolicyBinding"), validatingadmissionpolicybinding.Strategy},
	{admissionregistrationv1.SchemeGroupVersion.WithKind("ValidatingWebhookConfiguration"), validatingwebhookconfiguration.Strategy},
	{appsv1.SchemeGroupVersion.WithKind("ControllerRevision"), controllerrevision.Strategy},
	{appsv1.SchemeGroupVersion.WithKind("DaemonSet"), daemonset.Strategy},
	{appsv1.SchemeGroupVersion.WithKind("Deployment"), deployment.Strategy},
	{appsv1.SchemeGroupVersion.WithKind("ReplicaSet"), replicaset.Strategy},
	{appsv1.SchemeGroupVersion.WithKind("StatefulSet"), statefulset.Strategy},
	{autoscalingv2.SchemeGroupVersion.WithKind("HorizontalPodAutoscaler"), horizontalpodautoscaler.Strategy},
	{batchv1.SchemeGroupVersion.WithKind("CronJob"), cronjob.Strategy},
	{batchv1.SchemeGroupVersion.WithKind("Job"), job.Strategy},
	{certificatesv1.SchemeGroupVersion.WithKind("CertificateSigningRequest"), certificatesigningrequest.Strategy},
	{certificatesv1.SchemeGroupVersion.WithKind("ClusterTrustBundle"), clustertrustbundle.Strategy},
	{certificatesv1.SchemeGroupVersion.WithKind("PodCertificateRequest"), podcertificaterequest.Strategy},
	{coordinationv1.SchemeGroupVersion.WithKind("Lease"), lease.Strategy},
	{corev1.SchemeGroupVersion.WithKind("ConfigMap"), configmap.Strategy},
	{corev1.SchemeGroupVersion.WithKind("Endpoints"), endpoint.Strategy},
	{corev1.SchemeGroupVersion.WithKind("Event"), event.Strategy},
	{corev1.SchemeGroupVersion.WithKind("LimitRange"), limitrange.Strategy},
	{corev1.SchemeGroupVersion.WithKind("Namespace"), namespace.Strategy},
	{corev1.SchemeGroupVersion.WithKind("Node"), node.Strategy},
	{corev1.SchemeGroupVersion.WithKind("PersistentVolume"), persistentvolume.Strategy},
	{corev1.SchemeGroupVersion.WithKind("PersistentVolumeClaim"), persistentvolumeclaim.Strategy},
	{corev1.SchemeGroupVersion.WithKind("Pod"), pod.Strategy},
	{corev1.SchemeGroupVersion.WithKind("PodTemplate"), podtemplate.Strategy},
	{corev1.SchemeGroupVersion.WithKind("ReplicationController"), replicationcontroller.Strategy},
	{corev1.SchemeGroupVersion.WithKind("ResourceQuota"), resourcequota.Strategy},
	{corev1.SchemeGroupVersion.WithKind("Secret"), secret.Strategy},
	{corev1.SchemeGroupVersion.WithKind("Service"), service.Strategy},
	{corev1.SchemeGroupVersion.WithKind("ServiceAccount"), serviceaccount.Strategy},
	{discoveryv1.SchemeGroupVersion.WithKind("EndpointSlice"), endpointslice.Strategy},
	{flowcontrolv1.SchemeGroupVersion.WithKind("FlowSchema"), flowschema.Strategy},
	{flowcontrolv1.SchemeGroupVersion.WithKind("PriorityLevelConfiguration"), prioritylevelconfiguration.Strategy},
	{networkingv1.SchemeGroupVersion.WithKind("Ingress"), ingress.Strategy},
	{networkingv1.SchemeGroupVersion.WithKind("IngressClass"), ingressclass.Strategy},
	{networkingv1.SchemeGroupVersion.WithKind("IPAddress"), ipaddress.Strategy},
	{networkingv1.SchemeGroupVersion.WithKind("NetworkPolicy"), networkpolicy.Strategy},
	{networkingv1.SchemeGroupVersion.WithKind("ServiceCIDR"), servicecidr.Strategy},
	{nodev1.SchemeGroupVersion.WithKind("RuntimeClass"), runtimeclass.Strategy},
	{policyv1.SchemeGroupVersion.WithKind("PodDisruptionBudget"), poddisruptionbudget.Strategy},
	{rbacv1.SchemeGroupVersion.WithKind("ClusterRole"), clusterrole.Strategy},
	{rbacv1.SchemeGroupVersion.WithKind("ClusterRoleBinding"), clusterrolebinding.Strategy},
	{rbacv1.SchemeGroupVersion.WithKind("Role"), role.Strategy},
	{rbacv1.SchemeGroupVersion.WithKind("RoleBinding"), rolebinding.Strategy},
	{resourcev1.SchemeGroupVersion.WithKind("DeviceClass"), deviceclass.Strategy},
	{resourcev1.SchemeGroupVersion.WithKind("DeviceTaintRule"), devicetaintrule.Strategy},
	{resourcev1.SchemeGroupVersion.WithKind("ResourceSlice"), resourceslice.Strategy},
	{schedulingv1.SchemeGroupVersion.WithKind("PriorityClass"), priorityclass.Strategy},
	{storagev1.SchemeGroupVersion.WithKind("CSIDriver"), csidriver.Strategy},
	{storagev1.SchemeGroupVersion.WithKind("CSINode"), csinode.Strategy},
	{storagev1.SchemeGroupVersion.WithKind("CSIStorageCapacity"), csistoragecapacity.Strategy},
	{storagev1.SchemeGroupVersion.WithKind("StorageClass"), storageclass.Strategy},
	{storagev1.SchemeGroupVersion.WithKind("VolumeAttachment"), volumeattachment.Strategy},
	{storagev1.SchemeGroupVersion.WithKind("VolumeAttributesClass"), volumeattributesclass.Strategy},
	{storagemigrationv1.SchemeGroupVersion.WithKind("StorageVersionMigration"), storageversionmigration.Strategy},
}
