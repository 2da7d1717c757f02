package noderestriction

import (
	"context"

	authenticationv1 "k8s.io/api/authentication/v1"
	corev1 "k8s.io/api/core/v1"
	utilerrors "k8s.io/apimachinery/pkg/util/errors"
	"k8s.io/apiserver/pkg/admission"
	"k8s.io/apiserver/pkg/authorization/authorizer"
	"k8s.io/component-helpers/storage/ephemeral"
)

// audienceVerb is the verb an authorizer must allow for a node to get a token for an audience
// that no volume of the pod asks for; the resource is the audience, the name the service account.
const audienceVerb = "request-serviceaccounts-token-audience"

// admitToken lets a node ask only for tokens bound to a pod on it, identified by UID so that a pod
// deleted and created again under the same name does not get the old one's token, and only for an
// audience the pod's volumes need or an authorizer grants.
func (p *plugin) admitToken(ctx context.Context, node string, a admission.Attributes) error {
	if a.GetOperation() != admission.Create || a.GetSubresource() != "token" {
		return nil
	}
	tr, ok := a.GetObject().(*authenticationv1.TokenRequest)
	if !ok {
		return unexpectedType(a, a.GetObject())
	}
	ref := tr.Spec.BoundObjectRef
	if ref == nil || ref.APIVersion != "v1" || ref.Kind != "Pod" || ref.Name == "" {
		return forbidden(a, "node requested token not bound to a pod")
	}
	if ref.UID == "" {
		return forbidden(a, "node requested token with a pod binding without a uid")
	}
	pod, err := p.boundPod(a, ref.Name)
	if err != nil {
		return err
	}
	if ref.UID != pod.UID {
		return forbidden(a, "the UID in the bound object reference (%s) does not match the UID in record. The object might have been deleted and then recreated", ref.UID)
	}
	if pod.Spec.NodeName != node {
		return forbidden(a, "node requested token bound to a pod scheduled on a different node")
	}
	return p.checkAudience(ctx, a, tr, pod)
}

// checkAudience allows at most one audience, none meaning the API server's own, which the pod's
// service account token projections or CSI drivers must ask for unless the node is authorized to
// request it.
func (p *plugin) checkAudience(ctx context.Context, a admission.Attributes, tr *authenticationv1.TokenRequest, pod *corev1.Pod) error {
	audience := ""
	switch len(tr.Spec.Audiences) {
	case 0:
	case 1:
		audience = tr.Spec.Audiences[0]
	default:
		return forbidden(a, "node may only request 0 or 1 audiences")
	}
	found, err := p.podUsesAudience(pod, audience)
	if err != nil {
		return forbidden(a, "error validating audience %q: %w", audience, err)
	}
	if found {
		return nil
	}
	decision, _, err := p.authz.Authorize(ctx, authorizer.AttributesRecord{
		User: a.GetUserInfo(), Verb: audienceVerb, Namespace: a.GetNamespace(), Resource: audience, Name: a.GetName(), ResourceRequest: true,
	})
	if err != nil {
		return forbidden(a, "error while authorizing node %q to request tokens for audience %q: %w", a.GetUserInfo().GetName(), audience, err)
	}
	if decision != authorizer.DecisionAllow {
		return forbidden(a, "audience %q not found in pod spec volume, %s is not authorized to request tokens for this audience", audience, a.GetUserInfo().GetName())
	}
	return nil
}

// podUsesAudience tells whether a volume of pod needs tokens for audience: a service account token
// projection, or a CSI volume, inline or through its claim's volume, whose CSIDriver asks for it. A
// volume whose driver cannot be found does not stop the search; its error is returned only when no
// other volume uses the audience.
func (p *plugin) podUsesAudience(pod *corev1.Pod, audience string) (bool, error) {
	var errs []error
	for i := range pod.Spec.Volumes {
		v := &pod.Spec.Volumes[i]
		if v.Projected != nil {
			for _, s := range v.Projected.Sources {
				if s.ServiceAccountToken != nil && s.ServiceAccountToken.Audience == audience {
					return true, nil
				}
			}
		}
		found, err := p.csiVolumeUsesAudience(pod, v, audience)
		if err != nil {
			errs = append(errs, err)
		}
		if found {
			return true, nil
		}
	}
	return false, utilerrors.NewAggregate(errs)
}

func (p *plugin) csiVolumeUsesAudience(pod *corev1.Pod, v *corev1.Volume, audience string) (bool, error) {
	driver, err := p.csiDriverOf(pod, v)
	if err != nil || driver == "" {
		return false, err
	}
	d, err := p.csiDrivers.Get(driver)
	if err != nil {
		return false, err
	}
	for _, r := range d.Spec.TokenRequests {
		if r.Audience == audience {
			return true, nil
		}
	}
	return false, nil
}

// csiDriverOf returns the CSI driver behind volume v of pod, empty when there is none; an in-tree
// volume whose plugin moved to CSI is served by that driver.
func (p *plugin) csiDriverOf(pod *corev1.Pod, v *corev1.Volume) (string, error) {
	claim := ""
	switch {
	case v.CSI != nil:
		return v.CSI.Driver, nil
	case v.PersistentVolumeClaim != nil:
		claim = v.PersistentVolumeClaim.ClaimName
	case v.Ephemeral != nil:
		claim = ephemeral.VolumeClaimName(pod, v)
	default:
		return migratedInlineDriver(&v.VolumeSource), nil
	}
	pvc, err := p.claims.PersistentVolumeClaims(pod.Namespace).Get(claim)
	if err != nil {
		return "", err
	}
	if pvc.Spec.VolumeName == "" {
		return "", nil
	}
	pv, err := p.volumes.Get(pvc.Spec.VolumeName)
	if err != nil {
		return "", err
	}
	if pv.Spec.CSI == nil {
		return migratedDriver(&pv.Spec.PersistentVolumeSource), nil
	}
	return pv.Spec.CSI.Driver, nil
}

// The CSI drivers that took over kubernetes' in-tree volume plugins.
const (
	awsEBSDriver    = "ebs.csi.aws.com"
	gcePDDriver     = "pd.csi.storage.gke.io"
	azureDiskDriver = "disk.csi.azure.com"
	azureFileDriver = "file.csi.azure.com"
	cinderDriver    = "cinder.csi.openstack.org"
	vsphereDriver   = "csi.vsphere.vmware.com"
	portworxDriver  = "pxd.portworx.com"
)

// migratedInlineDriver returns the CSI driver that serves an in-tree pod volume, empty for other
// volumes.
func migratedInlineDriver(v *corev1.VolumeSource) string {
	switch {
	case v.AWSElasticBlockStore != nil:
		return awsEBSDriver
	case v.GCEPersistentDisk != nil:
		return gcePDDriver
	case v.AzureDisk != nil:
		return azureDiskDriver
	case v.AzureFile != nil:
		return azureFileDriver
	case v.Cinder != nil:
		return cinderDriver
	case v.VsphereVolume != nil:
		return vsphereDriver
	case v.PortworxVolume != nil:
		return portworxDriver
	}
	return ""
}

// migratedDriver is migratedInlineDriver for a persistent volume's source.
func migratedDriver(s *corev1.PersistentVolumeSource) string {
	switch {
	case s.AWSElasticBlockStore != nil:
		return awsEBSDriver
	case s.GCEPersistentDisk != nil:
		return gcePDDriver
	case s.AzureDisk != nil:
		return azureDiskDriver
	case s.AzureFile != nil:
		return azureFileDriver
	case s.Cinder != nil:
		return cinderDriver
	case s.VsphereVolume != nil:
		return vsphereDriver
	case s.PortworxVolume != nil:
		return portworxDriver
	}
	return ""
}
