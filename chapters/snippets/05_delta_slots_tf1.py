"""TensorFlow 1 (tf.compat.v1): the weight delta of RMSPropOptimizer and its slots.

get_slot(var, name) returns a slot variable; RMSPropOptimizer keeps "rms" (the mean square,
starting at 1) and "momentum" (the learning rate applied before the momentum, so var -= mom:
the slot is minus the delta). Deterministic: no random numbers are drawn.
"""

import numpy as np
import tensorflow as tf

tf.compat.v1.disable_eager_execution()  # graph mode, sessions, as TF1 code runs
# TF's own rmsprop.py calls an initializer API that TF has deprecated; that warning is about
# TensorFlow's code, not this file, so TF's Python logger is kept to errors
tf.get_logger().setLevel("ERROR")

A = tf.constant([40.0, 1.0, 1e-2, 1e-8])  # curvatures: gradients from 40 down to 1.5e-8
w = tf.compat.v1.get_variable("w", initializer=tf.constant([1.0, -2.0, 0.5, -1.5]))
loss = 0.5 * tf.reduce_sum(A * w**2)
optimizer = tf.compat.v1.train.RMSPropOptimizer(learning_rate=0.01, momentum=0.9)
grads_and_vars = optimizer.compute_gradients(loss, var_list=[w])
train_op = optimizer.apply_gradients(grads_and_vars)
print("slot names:", optimizer.get_slot_names())
rms_slot = optimizer.get_slot(w, "rms")
momentum_slot = optimizer.get_slot(w, "momentum")

with tf.compat.v1.Session() as sess:
    sess.run(tf.compat.v1.global_variables_initializer())
    for step in range(1, 4):
        before = sess.run(w)
        sess.run(train_op)
        delta_diffed = sess.run(w) - before  # float32 keeps only what fits beside w
        print(f"step {step}: weights moved by {delta_diffed}")
    rms, momentum = sess.run([rms_slot, momentum_slot])

delta = -momentum  # exact: the kernel does var -= mom
print("rms slot:     ", rms)
print("momentum slot:", momentum)
print("delta from the slot:", delta)
print("relative error of the float32 difference:", np.abs(delta_diffed - delta) / np.abs(delta))
